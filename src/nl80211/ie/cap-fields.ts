// The fields of the HE and EHT capability bitmaps (IEEE 802.11ax-2021 9.4.2.248,
// 802.11be 9.4.2.313): bit position, width, the standard's name and the label
// iw 5.19 prints (absent where iw prints nothing). The same bytes come in the
// HE/EHT capabilities elements and in nl80211's band iftype data, so both
// readers and iw's text use these tables.

export interface CapField {
  /** Bit position counted from bit 0 of the first byte (little-endian). */
  bit: number;
  width: number;
  /** The standard's name of the field. */
  name: string;
  /** iw's label; a 1-bit field with `value` prints as "label: n" (iw prints it as a number). */
  iw?: string;
  value?: boolean;
}

/** One field that is not zero: its name and value (1 for a flag). */
export interface CapValue {
  name: string;
  value: number;
}

const f = (bit: number, width: number, name: string, iw?: string, value = false): CapField => ({ bit, width, name, iw, value: value || width > 1 });

/** HE MAC capabilities information (6 bytes). */
export const HE_MAC_FIELDS: readonly CapField[] = [
  f(0, 1, '+HTC-HE Support', '+HTC HE Supported'),
  f(1, 1, 'TWT Requester Support', 'TWT Requester'),
  f(2, 1, 'TWT Responder Support', 'TWT Responder'),
  f(3, 2, 'Dynamic Fragmentation Support', 'Dynamic BA Fragementation Level'),
  f(5, 3, 'Maximum Number Of Fragmented MSDUs/A-MSDUs Exponent', 'Maximum number of MSDUS Fragments'),
  f(8, 2, 'Minimum Fragment Size', 'Minimum Payload size of 128 bytes'),
  f(10, 2, 'Trigger Frame MAC Padding Duration', 'Trigger Frame MAC Padding Duration'),
  f(12, 3, 'Multi-TID Aggregation Rx Support', 'Multi-TID Aggregation Support'),
  f(15, 2, 'HE Link Adaptation Support'),
  f(17, 1, 'All Ack Support', 'All Ack'),
  f(18, 1, 'TRS Support', 'TRS'),
  f(19, 1, 'BSR Support', 'BSR'),
  f(20, 1, 'Broadcast TWT Support', 'Broadcast TWT'),
  f(21, 1, '32-bit BA Bitmap Support', '32-bit BA Bitmap'),
  f(22, 1, 'MU Cascading Support', 'MU Cascading'),
  f(23, 1, 'Ack-Enabled Aggregation Support', 'Ack-Enabled Aggregation'),
  f(25, 1, 'OM Control Support', 'OM Control'),
  f(26, 1, 'OFDMA RA Support', 'OFDMA RA'),
  f(27, 2, 'Maximum A-MPDU Length Exponent Extension', 'Maximum A-MPDU Length Exponent'),
  f(29, 1, 'A-MSDU Fragmentation Support', 'A-MSDU Fragmentation'),
  f(30, 1, 'Flexible TWT Schedule Support', 'Flexible TWT Scheduling'),
  f(31, 1, 'Rx Control Frame To MultiBSS', 'RX Control Frame to MultiBSS'),
  f(32, 1, 'BSRP BQRP A-MPDU Aggregation', 'BSRP BQRP A-MPDU Aggregation'),
  f(33, 1, 'QTP Support', 'QTP'),
  f(34, 1, 'BQR Support', 'BQR'),
  f(35, 1, 'PSR Responder', 'SRP Responder Role'),
  f(36, 1, 'NDP Feedback Report Support', 'NDP Feedback Report'),
  f(37, 1, 'OPS Support', 'OPS'),
  f(38, 1, 'A-MSDU Not Under BA In Ack-Enabled A-MPDU Support', 'A-MSDU in A-MPDU'),
  f(39, 3, 'Multi-TID Aggregation Tx Support', 'Multi-TID Aggregation TX'),
  f(42, 1, 'HE Subchannel Selective Transmission Support', 'HE Subchannel Selective Transmission'),
  f(43, 1, 'UL 2x996-tone RU Support', 'UL 2x996-Tone RU'),
  f(44, 1, 'OM Control UL MU Data Disable Rx Support', 'OM Control UL MU Data Disable RX'),
  f(45, 1, 'HE Dynamic SM Power Save'),
  f(46, 1, 'Punctured Sounding Support'),
  f(47, 1, 'HT And VHT Trigger Frame Rx Support'),
];

/** HE PHY capabilities information (11 bytes). Bits 1-7 are the channel width set. */
export const HE_PHY_FIELDS: readonly CapField[] = [
  f(1, 1, 'Channel Width Set: 40 MHz in 2.4 GHz', 'HE40/2.4GHz'),
  f(2, 1, 'Channel Width Set: 40 and 80 MHz in 5/6 GHz', 'HE40/HE80/5GHz'),
  f(3, 1, 'Channel Width Set: 160 MHz in 5/6 GHz', 'HE160/5GHz'),
  f(4, 1, 'Channel Width Set: 160/80+80 MHz in 5/6 GHz', 'HE160/HE80+80/5GHz'),
  f(5, 1, 'Channel Width Set: 242-tone RUs in 2.4 GHz', '242 tone RUs/2.4GHz'),
  f(6, 1, 'Channel Width Set: 242-tone RUs in 5/6 GHz', '242 tone RUs/5GHz'),
  f(8, 4, 'Punctured Preamble Rx', 'Punctured Preamble RX'),
  f(12, 1, 'Device Class', 'Device Class', true),
  f(13, 1, 'LDPC Coding In Payload', 'LDPC Coding in Payload'),
  f(14, 1, 'HE SU PPDU With 1x HE-LTF And 0.8 us GI', 'HE SU PPDU with 1x HE-LTF and 0.8us GI'),
  f(15, 2, 'Midamble Tx/Rx Max NSTS', 'Midamble Rx Max NSTS'),
  f(17, 1, 'NDP With 4x HE-LTF And 3.2 us GI', 'NDP with 4x HE-LTF and 3.2us GI'),
  f(18, 1, 'STBC Tx <= 80 MHz', 'STBC Tx <= 80MHz'),
  f(19, 1, 'STBC Rx <= 80 MHz', 'STBC Rx <= 80MHz'),
  f(20, 1, 'Doppler Tx', 'Doppler Tx'),
  f(21, 1, 'Doppler Rx', 'Doppler Rx'),
  f(22, 1, 'Full Bandwidth UL MU-MIMO', 'Full Bandwidth UL MU-MIMO'),
  f(23, 1, 'Partial Bandwidth UL MU-MIMO', 'Partial Bandwidth UL MU-MIMO'),
  f(24, 2, 'DCM Max Constellation Tx', 'DCM Max Constellation'),
  f(26, 1, 'DCM Max NSS Tx', 'DCM Max NSS Tx', true),
  f(27, 2, 'DCM Max Constellation Rx', 'DCM Max Constellation Rx'),
  f(29, 1, 'DCM Max NSS Rx', 'DCM Max NSS Rx', true),
  f(30, 1, 'Rx Partial BW SU In 20 MHz HE MU PPDU', 'Rx HE MU PPDU from Non-AP STA'),
  f(31, 1, 'SU Beamformer', 'SU Beamformer'),
  f(32, 1, 'SU Beamformee', 'SU Beamformee'),
  f(33, 1, 'MU Beamformer', 'MU Beamformer'),
  f(34, 3, 'Beamformee STS <= 80 MHz', 'Beamformee STS <= 80Mhz'),
  f(37, 3, 'Beamformee STS > 80 MHz', 'Beamformee STS > 80Mhz'),
  f(40, 3, 'Number Of Sounding Dimensions <= 80 MHz', 'Sounding Dimensions <= 80Mhz'),
  f(43, 3, 'Number Of Sounding Dimensions > 80 MHz', 'Sounding Dimensions > 80Mhz'),
  f(46, 1, 'Ng = 16 SU Feedback', 'Ng = 16 SU Feedback'),
  f(47, 1, 'Ng = 16 MU Feedback', 'Ng = 16 MU Feedback'),
  f(48, 1, 'Codebook Size Phi 4, Psi 2 SU Feedback', 'Codebook Size SU Feedback'),
  f(49, 1, 'Codebook Size Phi 7, Psi 5 MU Feedback', 'Codebook Size MU Feedback'),
  f(50, 1, 'Triggered SU Beamforming Feedback', 'Triggered SU Beamforming Feedback'),
  f(51, 1, 'Triggered MU Beamforming Partial BW Feedback', 'Triggered MU Beamforming Feedback'),
  f(52, 1, 'Triggered CQI Feedback', 'Triggered CQI Feedback'),
  f(53, 1, 'Partial Bandwidth Extended Range', 'Partial Bandwidth Extended Range'),
  f(54, 1, 'Partial Bandwidth DL MU-MIMO', 'Partial Bandwidth DL MU-MIMO'),
  f(55, 1, 'PPE Thresholds Present', 'PPE Threshold Present'),
  f(56, 1, 'PSR-based SR Support', 'SRP-based SR'),
  f(57, 1, 'Power Boost Factor Support', 'Power Boost Factor ar'),
  f(58, 1, 'HE SU PPDU And HE MU PPDU With 4x HE-LTF And 0.8 us GI', 'HE SU PPDU & HE PPDU 4x HE-LTF 0.8us GI'),
  f(59, 3, 'Max Nc', 'Max NC'),
  f(62, 1, 'STBC Tx > 80 MHz', 'STBC Tx > 80MHz'),
  f(63, 1, 'STBC Rx > 80 MHz', 'STBC Rx > 80MHz'),
  f(64, 1, 'HE ER SU PPDU With 4x HE-LTF And 0.8 us GI', 'HE ER SU PPDU 4x HE-LTF 0.8us GI'),
  f(65, 1, '20 MHz In 40 MHz HE PPDU In 2.4 GHz Band', '20MHz in 40MHz HE PPDU 2.4GHz'),
  f(66, 1, '20 MHz In 160/80+80 MHz HE PPDU', '20MHz in 160/80+80MHz HE PPDU'),
  f(67, 1, '80 MHz In 160/80+80 MHz HE PPDU', '80MHz in 160/80+80MHz HE PPDU'),
  f(68, 1, 'HE ER SU PPDU With 1x HE-LTF And 0.8 us GI', 'HE ER SU PPDU 1x HE-LTF 0.8us GI'),
  f(69, 1, 'Midamble Tx/Rx 2x And 1x HE-LTF', 'Midamble Rx 2x & 1x HE-LTF'),
  f(70, 2, 'DCM Max RU', 'DCM Max BW'),
  f(72, 1, 'Longer Than 16 HE SIG-B OFDM Symbols Support', 'Longer Than 16HE SIG-B OFDM Symbols'),
  f(73, 1, 'Non-Triggered CQI Feedback', 'Non-Triggered CQI Feedback'),
  f(74, 1, 'Tx 1024-QAM Support < 242-tone RU', 'TX 1024-QAM'),
  f(75, 1, 'Rx 1024-QAM Support < 242-tone RU', 'RX 1024-QAM'),
  f(76, 1, 'Rx Full BW SU Using HE MU PPDU With Compressed HE-SIG-B', 'RX Full BW SU Using HE MU PPDU with Compression SIGB'),
  f(77, 1, 'Rx Full BW SU Using HE MU PPDU With Non-Compressed HE-SIG-B', 'RX Full BW SU Using HE MU PPDU with Non-Compression SIGB'),
  f(78, 2, 'Nominal Packet Padding'),
  f(80, 1, 'HE MU PPDU With More Than One RU Rx Max N_HE-LTF'),
];

/** EHT MAC capabilities information (2 bytes). */
export const EHT_MAC_FIELDS: readonly CapField[] = [
  f(0, 1, 'EPCS Priority Access Support', 'NSEP priority access Supported'),
  f(1, 1, 'EHT OM Control Support', 'EHT OM Control Supported'),
  f(2, 1, 'Triggered TXOP Sharing Mode 1 Support', 'Triggered TXOP Sharing Supported'),
  f(3, 1, 'Triggered TXOP Sharing Mode 2 Support', 'ARR Supported'),
  f(4, 1, 'Restricted TWT Support'),
  f(5, 1, 'SCS Traffic Description Support'),
  f(6, 2, 'Maximum MPDU Length'),
  f(8, 1, 'Maximum A-MPDU Length Exponent Extension'),
];

/** EHT PHY capabilities information (9 bytes; iw reads the first 8). */
export const EHT_PHY_FIELDS: readonly CapField[] = [
  f(1, 1, 'Support For 320 MHz In 6 GHz', '320MHz in 6GHz Supported'),
  f(2, 1, 'Support For 242-tone RU In BW Wider Than 20 MHz', '242-tone RU in BW wider than 20MHz Supported'),
  f(3, 1, 'NDP With 4x EHT-LTF And 3.2 us GI', 'NDP With  EHT-LTF And 3.2 µs GI'),
  f(4, 1, 'Partial Bandwidth UL MU-MIMO', 'Partial Bandwidth UL MU-MIMO'),
  f(5, 1, 'SU Beamformer', 'SU Beamformer'),
  f(6, 1, 'SU Beamformee', 'SU Beamformee'),
  f(7, 3, 'Beamformee SS (<= 80 MHz)', 'Beamformee SS (80MHz)'),
  f(10, 3, 'Beamformee SS (= 160 MHz)', 'Beamformee SS (160MHz)'),
  f(13, 3, 'Beamformee SS (= 320 MHz)', 'Beamformee SS (320MHz)'),
  f(16, 3, 'Number Of Sounding Dimensions (<= 80 MHz)', 'Number Of Sounding Dimensions (80MHz)'),
  f(19, 3, 'Number Of Sounding Dimensions (= 160 MHz)', 'Number Of Sounding Dimensions (160MHz)'),
  f(22, 3, 'Number Of Sounding Dimensions (= 320 MHz)', 'Number Of Sounding Dimensions (320MHz)'),
  f(25, 1, 'Ng = 16 SU Feedback', 'Ng = 16 SU Feedback'),
  f(26, 1, 'Ng = 16 MU Feedback', 'Ng = 16 MU Feedback'),
  f(27, 1, 'Codebook Size (Phi, Psi) = {4, 2} SU Feedback', 'Codebook size (4, 2) SU Feedback'),
  f(28, 1, 'Codebook Size (Phi, Psi) = {7, 5} MU Feedback', 'Codebook size (7, 5) MU Feedback'),
  f(29, 1, 'Triggered SU Beamforming Feedback', 'Triggered SU Beamforming Feedback'),
  f(30, 1, 'Triggered MU Beamforming Partial BW Feedback', 'Triggered MU Beamforming Partial BW Feedback'),
  f(31, 1, 'Triggered CQI Feedback', 'Triggered CQI Feedback'),
  f(32, 1, 'Partial Bandwidth DL MU-MIMO', 'Partial Bandwidth DL MU-MIMO'),
  f(33, 1, 'EHT PSR-Based SR Support', 'PSR-Based SR Support'),
  f(34, 1, 'Power Boost Factor Support', 'Power Boost Factor Support'),
  f(35, 1, 'EHT MU PPDU With 4x EHT-LTF And 0.8 us GI', 'EHT MU PPDU With 4 EHT-LTF And 0.8 µs GI'),
  f(36, 4, 'Max Nc', 'Max Nc'),
  f(40, 1, 'Non-Triggered CQI Feedback', 'Non-Triggered CQI Feedback'),
  f(41, 1, 'Tx 1024-QAM And 4096-QAM < 242-tone RU Support', 'Tx 1024-QAM And 4096-QAM < 242-tone RU'),
  f(42, 1, 'Rx 1024-QAM And 4096-QAM < 242-tone RU Support', 'Rx 1024-QAM And 4096-QAM < 242-tone RU'),
  f(43, 1, 'PPE Thresholds Present', 'PPE Thresholds Present'),
  f(44, 2, 'Common Nominal Packet Padding', 'Common Nominal Packet Padding'),
  f(46, 5, 'Maximum Number Of Supported EHT-LTFs', 'Maximum Number Of Supported EHT-LTFs'),
  f(51, 4, 'Support Of MCS 15', 'Support of MCS 15'),
  f(55, 1, 'Support Of EHT DUP (MCS 14) In 6 GHz', 'Support Of EHT DUP In 6 GHz'),
  f(56, 1, 'Support For 20 MHz Operating STA Receiving NDP With Wider Bandwidth', 'Support For 20MHz Rx NDP With Wider Bandwidth'),
  f(57, 1, 'Non-OFDMA UL MU-MIMO (BW <= 80 MHz)', 'Non-OFDMA UL MU-MIMO (80MHz)'),
  f(58, 1, 'Non-OFDMA UL MU-MIMO (BW = 160 MHz)', 'Non-OFDMA UL MU-MIMO (160MHz)'),
  f(59, 1, 'Non-OFDMA UL MU-MIMO (BW = 320 MHz)', 'Non-OFDMA UL MU-MIMO (320MHz)'),
  f(60, 1, 'MU Beamformer (BW <= 80 MHz)', 'MU Beamformer (80MHz)'),
  f(61, 1, 'MU Beamformer (BW = 160 MHz)', 'MU Beamformer (160MHz)'),
  f(62, 1, 'MU Beamformer (BW = 320 MHz)', 'MU Beamformer (320MHz)'),
];

/** The value of `width` bits at bit position `bit` (little-endian; bytes past the end read as 0). */
export function bitsAt(b: Uint8Array, bit: number, width: number): number {
  let v = 0;
  for (let i = 0; i < width; i++) {
    const p = bit + i;
    if (((b[p >> 3] ?? 0) >> (p & 7)) & 1) v |= 1 << i;
  }
  return v;
}

/** The fields of a bitmap that are not zero, by the standard's names. */
export function capValues(b: Uint8Array, fields: readonly CapField[]): CapValue[] {
  const out: CapValue[] = [];
  for (const x of fields) {
    const v = bitsAt(b, x.bit, x.width);
    if (v) out.push({ name: x.name, value: v });
  }
  return out;
}
