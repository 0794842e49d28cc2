// SPDX-License-Identifier: MIT
// A free TCP port on 127.0.0.1 for a server another process will bind a moment later.
//
// Port 0 is not used for that: the kernel hands out the same ephemeral range for listen(0) and
// for every outgoing connection, so in the gap between closing the probe and the child's bind
// a client socket (hundreds per second while the test suite runs) could take the port, and the
// child fails with "Address already in use". CI saw exactly that once. Ports are drawn below
// the ephemeral range instead, where nothing is handed out automatically, and probed.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

function ephemeralStart() {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768; // not Linux: the probe below still checks each port
  }
}

const probe = (port) => new Promise((resolve) => {
  const server = createServer();
  server.once('error', () => resolve(false));
  server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
});

export async function freePort() {
  const high = Math.min(ephemeralStart(), 65536);
  const low = Math.max(1024, Math.min(20000, high - 4096));
  for (let tries = 0; tries < 200; tries++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await probe(port)) return port;
  }
  throw new Error(`no free port found in ${low}-${high - 1}`);
}
