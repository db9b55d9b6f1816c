// IEEE 802.11 information elements (beacons, probe responses, NL80211_BSS_INFORMATION_ELEMENTS).
export { parseIEs, type InformationElement } from './parse.js';
export * from './suites.js';
