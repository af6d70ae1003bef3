// A minimal node:http server answering canned JSON, so that the clients and not the server are
// measured. Run as a child process (`fork`): it reports `{ port }` over IPC and exits with its parent.
import { createServer } from 'node:http';

const now = Date.now();
const ARCHIVE = JSON.stringify({
  id: 'b40ef09b-3811-4726-b508-e41a0f96c68f',
  status: 'available',
  name: 'Daily stand-up',
  reason: 'user initiated',
  sessionId: '2_MX40NzEyMzQ1Nn5-MTQ3MDI1NzY0MDIwOX5oUUt1NXNjb3JyNUFMeGNBaEZHaGZQcXp-fg',
  applicationId: '78d335fa-323d-0114-9c3d-d6f0d48968cf',
  createdAt: now - 3_600_000,
  updatedAt: now - 3_000_000,
  size: 18_244_048,
  duration: 620,
  outputMode: 'composed',
  streamMode: 'auto',
  hasAudio: true,
  hasVideo: true,
  hasTranscription: false,
  sha256sum: 'MTY2ZDcwNDg4NDUzYzQ3ZTFiNDY4NDFmZmNkNDFiZDZlMDg0NzdmZjg1YmE3ZWRhNmUyMTE5ZTkzNmY2NmZhNw==',
  password: '',
  event: 'archive',
  resolution: '1280x720',
  url: 'https://tokbox.s3.amazonaws.com/78d335fa/b40ef09b/archive.mp4?X-Amz-Expires=600&X-Amz-Signature=1f8e0a',
  multiArchiveTag: null,
  maxBitrate: null,
  quantizationParameter: null,
  streams: [],
});
const SESSION = JSON.stringify([
  {
    session_id: '1_MX40NzEyMzQ1Nn5-U2F0IE1hciAxNSAxNDo0MjoyMyBQRFQgMjAxNH4wLjQ5MDEzMDI1fg',
    project_id: '47123456',
    partner_id: '47123456',
    create_dt: 'Sun Sep 15 21:56:28 PDT 2024',
    session_status: null,
    status_invalid: null,
    media_server_hostname: null,
    messaging_server_url: null,
    messaging_url: null,
    symphony_address: null,
    properties: null,
    ice_server: null,
    session_segment_id: '35308566-4012-4c1e-90f7-cc15b5a390fe',
    ice_servers: null,
    ice_credential_expiration: 86100,
    media_server_url: '',
  },
]);
const NOT_FOUND = JSON.stringify({ code: 404, message: 'Resource not found' });
const ARCHIVE_PATH = /^\/v2\/project\/[^/]+\/archive\/[^/?]+$/;

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && ARCHIVE_PATH.test(req.url ?? '')) return send(res, 200, ARCHIVE);
  // Answer only once the form body has been read, as a real server would.
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/session/create') send(res, 200, SESSION);
    else send(res, 404, NOT_FOUND);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('disconnect', () => process.exit(0));
