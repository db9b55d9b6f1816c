// nl80211 extras for the decoder: attributes whose payload is a list of 802.11 information
// elements are also shown parsed (by the nl80211 module's parseIEs). The schema itself is the
// nl80211 module's (see generic.ts); this file only says which attributes carry elements.
import { parseIEs } from '../../nl80211/ie/index.js';
import type { AttrHooks } from '../attrs.js';

/** Attributes whose payload is a sequence of information elements (<linux/nl80211.h>). */
const IE_ATTRIBUTES = new Set([
  'NL80211_ATTR_IE',
  'NL80211_ATTR_IE_PROBE_RESP',
  'NL80211_ATTR_IE_ASSOC_RESP',
  'NL80211_ATTR_IE_RIC',
  'NL80211_ATTR_REQ_IE',
  'NL80211_ATTR_RESP_IE',
  'NL80211_BSS_INFORMATION_ELEMENTS',
  'NL80211_BSS_BEACON_IES',
]);

export const nl80211Hooks: AttrHooks = {
  leaf(spec, out, payload) {
    if (!IE_ATTRIBUTES.has(spec.kernelName) || payload.length === 0) return;
    try {
      out.ies = parseIEs(payload);
    } catch {
      // The raw bytes are still there; a bad element list is not an error of the netlink message.
    }
  },
};
