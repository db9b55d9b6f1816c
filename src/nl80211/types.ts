// Typed results of nl80211 (what IW returns), and the converters from decoded
// attributes (the schema's objects, names = kernel names without their prefix,
// lower case) to them. Values are normalised here once: signed dBm, MACs as
// text, 64-bit counters as bigint, so the formatters and users never see wire kinds.
export * from './model/values.js';
export * from './model/interface.js';
export * from './model/wiphy.js';
export * from './model/station.js';
export * from './model/bss.js';
export * from './model/survey.js';
export * from './model/regulatory.js';
export * from './model/mesh.js';
