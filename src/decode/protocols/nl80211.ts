// nl80211 extras for the decoder: attributes whose payload is a list of 802.11 information
// elements are also shown parsed (by the nl80211 module's parseIEs), and NL80211_ATTR_WIPHY_BANDS
// (a nest indexed by enum nl80211_band) is shown as one child per band, named by the band. The
// schema itself is the nl80211 module's (see generic.ts); this file only says which attributes
// carry elements and how the band index is named.
import { attrSet, type AttrDef } from '../../netlink/schema.js';
import { parseIEs } from '../../nl80211/ie/index.js';
import { BAND, band } from '../../nl80211/schema/index.js';
import { Problems, decodeAttrList, type AttrHooks } from '../attrs.js';

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

/** NL80211_ATTR_WIPHY_BANDS' children: attribute type = enum nl80211_band, named NL80211_BAND_*. */
const bands = attrSet('nl80211.wiphy_bands', 'NL80211_BAND_', Object.fromEntries(
  Object.entries(BAND).map(([name, n]): [number, AttrDef] => [n, [name.toLowerCase(), 'nested', { set: band }]]),
));

export const nl80211Hooks: AttrHooks = {
  leafNames: new Set([...IE_ATTRIBUTES, 'NL80211_ATTR_WIPHY_BANDS']),
  leaf(spec, out, buf, start, stop) {
    const name = spec.kernelName;
    if (name === 'NL80211_ATTR_WIPHY_BANDS') {
      // Problems in the bands were already met by the schema's own decode (which succeeded).
      out.attrs = decodeAttrList(bands, buf, start, stop, new Problems(0));
      delete out.value;
      return;
    }
    if (start === stop || !IE_ATTRIBUTES.has(name)) return;
    try {
      out.ies = parseIEs(buf.subarray(start, stop));
    } catch {
      // The raw bytes are still there; a bad element list is not an error of the netlink message.
    }
  },
};
