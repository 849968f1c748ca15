/**
 * `node --import tsx bench/sseDrain.ts <url> <accessToken> <orgId>`: holds the bench customer's
 * event stream open and discards what arrives, so the message endpoint is measured with its SSE
 * echo written to a live socket, as in real use. A process of its own, so reading the frames costs
 * the simulator nothing. Prints "open" once the stream answered 200; exits when the stream ends.
 */
import { request } from 'node:http';

const [url, accessToken, orgId] = process.argv.slice(2);
const req = request(`${url}/eventrouter/v1/sse`, { headers: { authorization: `Bearer ${accessToken}`, 'x-org-id': orgId, accept: 'text/event-stream' } }, (res) => {
  if (res.statusCode !== 200) {
    console.error(`bench/sseDrain.ts: the event stream answered ${res.statusCode}`);
    process.exit(1);
  }
  console.log('open');
  res.on('data', () => {});
  res.on('end', () => process.exit(0));
});
req.on('error', () => process.exit(0));
req.end();
