// What the kernel speaks: the protocol version (IPSET_CMD_PROTOCOL) and each set
// type's revisions (IPSET_CMD_TYPE), checked against what the caller pinned.
import type { Attrs } from '../netlink/schema.js';
import { IPSetError } from './errors.js';
import { IPSET_CMD, IPSET_ERR, IPSET_PROTOCOL, IPSET_PROTOCOL_MIN } from './schema.js';

export interface TypeRevision {
  type: string;
  family: number;
  /** The revision nlkit uses (pinned, or the kernel's highest). */
  revision: number;
  revisionMax: number;
  revisionMin: number;
}

/** The protocol version to use, from the kernel's PROTOCOL reply and an optional pin. */
export function pickProtocol(reply: Attrs | undefined, pin: number | undefined): { protocol: number; kernel: { min: number; max: number } } {
  const max = Number(reply?.protocol ?? IPSET_PROTOCOL_MIN);
  const min = Number(reply?.protocol_min ?? max);
  const [lo, hi] = pin !== undefined ? [pin, pin] : [IPSET_PROTOCOL_MIN, IPSET_PROTOCOL];
  if (pin !== undefined ? pin < min || pin > max : max < IPSET_PROTOCOL_MIN || min > IPSET_PROTOCOL) {
    throw new IPSetError({ errno: IPSET_ERR.PROTOCOL, cmd: IPSET_CMD.PROTOCOL },
      `Cannot communicate with kernel: Kernel support protocol versions ${min}-${max} while userspace supports protocol versions ${lo}-${hi}`);
  }
  return { protocol: pin ?? Math.min(max, IPSET_PROTOCOL), kernel: { min, max } };
}

/** The revision of a set type to use, from the kernel's TYPE reply and an optional pin. */
export function pickRevision(typeName: string, family: number, reply: Attrs | undefined, pin: number | undefined): TypeRevision {
  const max = Number(reply?.revision ?? 0);
  const min = Number(reply?.revision_min ?? 0);
  if (pin !== undefined && (pin < min || pin > max)) {
    throw new IPSetError({ errno: IPSET_ERR.FIND_TYPE, cmd: IPSET_CMD.TYPE, typeName },
      `Kernel error received: set type ${typeName} revision ${pin} is not supported (the kernel has ${min}-${max})`);
  }
  return { type: typeName, family, revision: pin ?? max, revisionMax: max, revisionMin: min };
}
