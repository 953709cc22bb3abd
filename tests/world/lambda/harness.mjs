// Runs a rendered Lambda report handler (ReportLambdaScript) the way a Lambda function URL invokes it, storing into
// s3rver, an S3-compatible server, through the AWS SDK v3 S3 client the Lambda Node.js runtime provides.
//
//   node harness.mjs HANDLER.mjs S3_DIRECTORY BUCKET
//
// Prints "listening <function url port> <s3 port>" once both listen on 127.0.0.1, then serves until killed. Each HTTP
// request becomes a function URL event of payload format 2.0 (headers lower-cased, the body base64-encoded,
// requestContext.http), and the handler's answer becomes the response. Only the S3 client differs from the deployed
// handler's: it points at s3rver (path-style, s3rver's fixed credentials) instead of the function's region.
import http from "node:http";
import { pathToFileURL } from "node:url";
import { S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";

const [handlerPath, directory, bucket] = process.argv.slice(2);
const s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
const s3Address = await s3.run();
const client = new S3Client({
  endpoint: `http://127.0.0.1:${s3Address.port}`,
  forcePathStyle: true,
  region: "us-east-1",
  credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
});
const module = await import(pathToFileURL(handlerPath).href);
const handler = module.handlerFor(module.s3Storage(client, bucket));

// A function URL takes at most 6 MB of event (the body base64-encoded in it); past that Lambda answers 413 itself.
const EVENT_LIMIT = 6 * 1024 * 1024;

const server = http.createServer(async (request, response) => {
  const chunks = [];
  for await (const chunk of request) {
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  if (Math.ceil(body.length / 3) * 4 > EVENT_LIMIT) {
    response.writeHead(413).end();
    return;
  }
  const url = new URL(request.url, "http://function-url");
  const headers = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const event = {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    requestContext: {
      http: { method: request.method, path: url.pathname, protocol: "HTTP/1.1", sourceIp: request.socket.remoteAddress, userAgent: headers["user-agent"] ?? "" },
      timeEpoch: Date.now(),
    },
    isBase64Encoded: body.length > 0,
    ...(body.length > 0 ? { body: body.toString("base64") } : {}),
  };
  try {
    const result = await handler(event);
    response.writeHead(result.statusCode, result.headers).end(result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body);
  } catch (e) {
    // What Lambda answers when the function throws.
    console.error(e);
    response.writeHead(502).end("Internal Server Error");
  }
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port} ${s3Address.port}`));
