// How the open data answers: JSON in UTF-8, open to any site, kept by shared caches as the other
// public data is (app/lib/cache.server.ts); a file that does not exist is a JSON 404, not cached.
import { PRIVATE_CACHE, PUBLIC_CACHE } from '~/lib/cache.server';

const JSON_TYPE = 'application/json; charset=utf-8';

export function openDataResponse(body: string | ReadableStream<Uint8Array>) {
  return new Response(body, {
    headers: {
      'Content-Type': JSON_TYPE,
      'Cache-Control': PUBLIC_CACHE,
      'Access-Control-Allow-Origin': '*',
    },
  });
}

export function openDataNotFound() {
  return new Response(
    JSON.stringify({ error: 'not_found', message: 'No public record has this ocid.' }),
    {
      status: 404,
      headers: {
        'Content-Type': JSON_TYPE,
        'Cache-Control': PRIVATE_CACHE,
        'Access-Control-Allow-Origin': '*',
      },
    },
  );
}
