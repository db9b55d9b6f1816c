// errno numbers and names (asm-generic/errno-base.h, errno.h), for messages.
import os from 'node:os';
import { wordTable } from '../util/word-table.js';

const byNumber = new Map<number, string>();
for (const [name, num] of Object.entries(os.constants.errno)) {
  if (!byNumber.has(num)) byNumber.set(num, name);
}
// Aliases share a number; use the name the kernel's headers use.
byNumber.set(os.constants.errno.EOPNOTSUPP, 'EOPNOTSUPP');
byNumber.set(os.constants.errno.EAGAIN, 'EAGAIN');
// Linux-only numbers libuv does not list (asm-generic/errno.h).
if (!byNumber.has(132)) byNumber.set(132, 'ERFKILL');

/** "ENOENT" for 2. */
export function errnoName(errno: number): string {
  return byNumber.get(errno) ?? `E${errno}`;
}

/** The C library's wording ("No such file or directory"). */
export function errnoText(errno: number): string {
  const name = byNumber.get(errno);
  if (!name) return `Unknown error ${errno}`;
  return errnoTextTable[name] ?? name;
}

// The C library's strerror() wording, which iw and ipset print: one "NAME text" per line.
const errnoTextTable = wordTable(`
  EPERM Operation not permitted
  ENOENT No such file or directory
  ESRCH No such process
  EINTR Interrupted system call
  EIO Input/output error
  ENXIO No such device or address
  E2BIG Argument list too long
  EBADF Bad file descriptor
  EAGAIN Resource temporarily unavailable
  ENOMEM Cannot allocate memory
  EACCES Permission denied
  EFAULT Bad address
  EBUSY Device or resource busy
  EEXIST File exists
  ENODEV No such device
  ENOTDIR Not a directory
  EINVAL Invalid argument
  ENFILE Too many open files in system
  EMFILE Too many open files
  ENOSPC No space left on device
  ERANGE Numerical result out of range
  EMSGSIZE Message too long
  EPROTONOSUPPORT Protocol not supported
  EOPNOTSUPP Operation not supported
  EAFNOSUPPORT Address family not supported by protocol
  EADDRINUSE Address already in use
  ENETDOWN Network is down
  ENOBUFS No buffer space available
  ENOTCONN Transport endpoint is not connected
  ETIMEDOUT Connection timed out
  ECONNREFUSED Connection refused
  EALREADY Operation already in progress
  EINPROGRESS Operation now in progress
  ENOLINK Link has been severed
  EPROTO Protocol error
  ENOTSUP Operation not supported
  ENOTEMPTY Directory not empty
  ENOSYS Function not implemented
  ENOLCK No locks available
  ENODATA No data available
  EBADMSG Bad message
  EOVERFLOW Value too large for defined data type
  ECANCELED Operation canceled
  ENETUNREACH Network is unreachable
  EHOSTUNREACH No route to host
  EADDRNOTAVAIL Cannot assign requested address
  ENOTSOCK Socket operation on non-socket
  ERFKILL Operation not possible due to RF-kill`);
