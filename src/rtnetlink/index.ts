// rtnetlink's schema in one place: the fixed header and the attribute set of each message
// group, and the nests whose layout the message itself selects.
import type { AttrSet } from '../netlink/schema.js';
import { afSpecAttrs, bridgeAfSpecAttrs, inet6Attrs } from './link-af.js';
import { bridgePortAttrs } from './link-bridge.js';
import { INFO_DATA, INFO_SLAVE_DATA } from './link-kinds.js';
import { linkAttrs, statsAttrs } from './link.js';
import { addrAttrs, addrLabelAttrs, netconfAttrs, nexthopAttrs, nsidAttrs, prefixAttrs, ruleAttrs } from './misc.js';
import { neighAttrs, neighTableAttrs } from './neigh.js';
import { routeAttrs } from './route.js';

export { HEADERS, groupOf, rtgenmsg, rtmKind, rtmName, type HeaderStruct } from './headers.js';

/** Attributes of each message group (after its fixed header). */
export const ATTRS: Readonly<Record<string, AttrSet>> = {
  LINK: linkAttrs, LINKPROP: linkAttrs, ADDR: addrAttrs, MULTICAST: addrAttrs, ANYCAST: addrAttrs, ROUTE: routeAttrs,
  NEIGH: neighAttrs, RULE: ruleAttrs, NEXTHOP: nexthopAttrs, NETCONF: netconfAttrs, NEIGHTBL: neighTableAttrs,
  ADDRLABEL: addrLabelAttrs, NSID: nsidAttrs, PREFIX: prefixAttrs, STATS: statsAttrs, CACHEREPORT: routeAttrs,
};

const AF_BRIDGE = 7;
const AF_INET6 = 10;

/**
 * The set of a nest whose layout depends on the message: IFLA_INFO_DATA and
 * IFLA_INFO_SLAVE_DATA on the kind named before them, IFLA_AF_SPEC and IFLA_PROTINFO on the
 * address family of the header. `sibling(name)` gives an earlier attribute's value at the same
 * level. Undefined: the nest's own (empty) set, so its children stay unnamed.
 */
export function selectNested(kernelName: string, family: number, sibling: (name: string) => unknown): AttrSet | undefined {
  switch (kernelName) {
    case 'IFLA_INFO_DATA': {
      const kind = sibling('IFLA_INFO_KIND');
      return typeof kind === 'string' ? INFO_DATA.get(kind) : undefined;
    }
    case 'IFLA_INFO_SLAVE_DATA': {
      const kind = sibling('IFLA_INFO_SLAVE_KIND');
      return typeof kind === 'string' ? INFO_SLAVE_DATA.get(kind) : undefined;
    }
    case 'IFLA_AF_SPEC':
      return family === AF_BRIDGE ? bridgeAfSpecAttrs : afSpecAttrs;
    case 'IFLA_PROTINFO':
      return family === AF_BRIDGE ? bridgePortAttrs : family === AF_INET6 ? inet6Attrs : undefined;
    default:
      return undefined;
  }
}
