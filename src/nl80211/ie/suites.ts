// IEEE 802.11 cipher and AKM suite selectors (OUI + type), with the names
// wpa_supplicant/iw users know ("CCMP-128", "PSK", "SAE"). nl80211 carries the
// same selectors as u32 (0x000FAC04 = 00-0F-AC:4) in NL80211_ATTR_CIPHER_SUITES,
// NL80211_KEY_CIPHER, NL80211_ATTR_AKM_SUITES.

/** The IEEE 802.11 OUI 00-0F-AC. */
export const OUI_IEEE = 0x000fac;
/** Microsoft's OUI 00-50-F2 (WPA, WMM, WPS vendor elements). */
export const OUI_MICROSOFT = 0x0050f2;

/** Cipher suite types under 00-0F-AC. */
export const CIPHER_NAMES: Readonly<Record<number, string>> = {
  0: 'Use group cipher suite',
  1: 'WEP-40',
  2: 'TKIP',
  4: 'CCMP-128',
  5: 'WEP-104',
  6: 'BIP-CMAC-128',
  7: 'Group addressed traffic not allowed',
  8: 'GCMP-128',
  9: 'GCMP-256',
  10: 'CCMP-256',
  11: 'BIP-GMAC-128',
  12: 'BIP-GMAC-256',
  13: 'BIP-CMAC-256',
};

/** AKM suite types under 00-0F-AC. */
export const AKM_NAMES: Readonly<Record<number, string>> = {
  1: 'IEEE 802.1X',
  2: 'PSK',
  3: 'FT/IEEE 802.1X',
  4: 'FT/PSK',
  5: 'IEEE 802.1X/SHA-256',
  6: 'PSK/SHA-256',
  7: 'TDLS/TPK',
  8: 'SAE',
  9: 'FT/SAE',
  10: 'AP PeerKey',
  11: 'IEEE 802.1X/SUITE-B',
  12: 'IEEE 802.1X/SUITE-B-192',
  13: 'FT/IEEE 802.1X/SHA-384',
  14: 'FILS/SHA-256',
  15: 'FILS/SHA-384',
  16: 'FT/FILS/SHA-256',
  17: 'FT/FILS/SHA-384',
  18: 'OWE',
  19: 'FT/PSK/SHA-384',
  20: 'PSK/SHA-384',
  24: 'SAE-EXT-KEY',
  25: 'FT/SAE-EXT-KEY',
};

/** Cipher types of the WPA (00-50-F2) vendor element. */
export const WPA_CIPHER_NAMES: Readonly<Record<number, string>> = {
  0: 'Use group cipher suite', 1: 'WEP-40', 2: 'TKIP', 4: 'CCMP', 5: 'WEP-104',
};
/** AKM types of the WPA (00-50-F2) vendor element. */
export const WPA_AKM_NAMES: Readonly<Record<number, string>> = { 1: 'IEEE 802.1X', 2: 'PSK' };

export function formatOui(oui: number): string {
  return [(oui >> 16) & 0xff, (oui >> 8) & 0xff, oui & 0xff].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('-');
}

/** A suite selector as nl80211 carries it (u32, OUI in the high 24 bits): name or "00-0F-AC:4" style text. */
export function suiteName(selector: number, kind: 'cipher' | 'akm'): string {
  const oui = selector >>> 8;
  const type = selector & 0xff;
  if (oui === OUI_IEEE) {
    const n = (kind === 'cipher' ? CIPHER_NAMES : AKM_NAMES)[type];
    if (n) return n;
  }
  return `${formatOui(oui)}:${type}`;
}

/** Number -> name of the cipher suites nl80211 knows (for the schema's `enum` display). */
export const CIPHER_SUITE_SELECTORS: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(CIPHER_NAMES).map(([t, n]) => [((OUI_IEEE << 8) | Number(t)) >>> 0, n]),
);
/** Number -> name of the AKM suites nl80211 knows. */
export const AKM_SUITE_SELECTORS: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(AKM_NAMES).map(([t, n]) => [((OUI_IEEE << 8) | Number(t)) >>> 0, n]),
);
