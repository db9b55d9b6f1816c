// IEEE 802.11 information elements (beacons, probe responses, NL80211_BSS_INFORMATION_ELEMENTS).
export { parseIEs, findIE, type ElementOf } from './parse.js';
export { EID, EID_EXT } from './ids.js';
export { ssidText } from './reader.js';
export type * from './elements.js';
export * from './suites.js';
