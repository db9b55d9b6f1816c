// IEEE 802.11 information elements (beacons, probe responses, NL80211_BSS_INFORMATION_ELEMENTS).
export {
  parseIEs, findIE, ssidText, EID, EID_EXT, type ElementOf,
  type InformationElement, type SsidElement, type RatesElement, type Rate, type DsParamsElement, type TimElement,
  type CountryElement, type CountryTriplet, type BssLoadElement, type PowerConstraintElement, type ErpElement,
  type RsnElement, type RsnCapabilities, type Suite, type HtCapabilitiesElement, type HtOperationElement,
  type VhtCapabilitiesElement, type VhtOperationElement, type VhtMcsSupport, type BitsElement,
  type OperatingClassesElement, type HeCapabilitiesElement, type HeOperationElement, type VendorElement,
  type RawElement, type InvalidElement,
} from './parse.js';
export * from './suites.js';
