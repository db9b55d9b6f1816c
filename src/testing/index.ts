// nlkit/testing: a fake kernel to test code written on nlkit without root or a
// kernel. Pass it as `transport` wherever a socket is opened:
//
//   import { fakeKernel, genlFamilies, ack } from 'nlkit/testing';
//   const kernel = fakeKernel((req) => genlFamilies(req, [{ name: 'nl80211', id: 0x1c }]) ?? [ack(req)]);
//   const g = await GenericNetlink.open({ transport: kernel });
//
// The real NetlinkSocket runs over it: routing, dumps, errors and events behave as with the kernel.
export { fakeKernel, FAKE_PORT, type FakeKernel, type Handler } from './fake-kernel.js';
export { ack, concat, done, genlFamilies, genlReply, message, reply, type FakeGenlFamily } from './replies.js';
