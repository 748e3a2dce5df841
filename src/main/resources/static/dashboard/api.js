// The service's public API as the page calls it: the API key (when the user gave one) goes with every request,
// and a 401 asks for a key, then tries again.

const KEY = 'aeserve.apiKey';

let askForKey = async () => null;

/** Sets how the page asks the user for a key: a function that resolves to the key, or null when dismissed. */
export function onKeyNeeded(prompt) {
  askForKey = prompt;
}

export function forgetKey() {
  sessionStorage.removeItem(KEY);
}

export function hasKey() {
  return sessionStorage.getItem(KEY) !== null;
}

function headers(extra, key) {
  const all = new Headers(extra || {});
  if (key) {
    all.set('X-API-Key', key);
  }
  return all;
}

/** An error the API answered with: its status and problem detail. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) ? (problem.detail || problem.title) : 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

let pendingKey = null;

/** One prompt at a time: requests refused together wait for the same answer. */
function keyFromUser(reason) {
  if (!pendingKey) {
    pendingKey = askForKey(reason).finally(() => {
      pendingKey = null;
    });
  }
  return pendingKey;
}

/** fetch with the key; on 401 asks for a key once and sends the request again. */
export async function send(path, options = {}) {
  for (let asked = false; ;) {
    const used = sessionStorage.getItem(KEY);
    const response = await fetch(path, { ...options, headers: headers(options.headers, used) });
    if (response.status !== 401) {
      return response;
    }
    if (sessionStorage.getItem(KEY) !== used) {
      continue; // another request got a new key meanwhile
    }
    if (asked) {
      return response;
    }
    asked = true;
    const key = await keyFromUser(used ? 'That key was refused.' : null);
    if (!key) {
      return response;
    }
    sessionStorage.setItem(KEY, key);
  }
}

async function parse(response) {
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : null;
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

export async function get(path) {
  return parse(await send(path));
}

export async function post(path, body) {
  return parse(await send(path, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}),
  }));
}

export async function postRaw(path, contentType, bytes) {
  return parse(await send(path, { method: 'POST', headers: { 'Content-Type': contentType }, body: bytes }));
}

export async function upload(path, form) {
  return parse(await send(path, { method: 'POST', body: form }));
}

/** An image the API renders, as an object URL (an <img> cannot send the key itself). */
export async function image(path) {
  const response = await send(path);
  if (!response.ok) {
    await parse(response);
  }
  return URL.createObjectURL(await response.blob());
}

/**
 * Follows a job's Server-Sent Events with fetch, so the key goes along (EventSource cannot send headers). Calls
 * onEvent(name, data) for each event; the returned function stops following.
 */
export function follow(jobId, onEvent) {
  const controller = new AbortController();
  (async () => {
    const response = await send('/api/v1/jobs/' + encodeURIComponent(jobId) + '/events',
        { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
    if (!response.ok || !response.body) {
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value.replace(/\r\n/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) {
            name = line.slice(6).trim();
          } else if (line.startsWith('data:')) {
            data.push(line.slice(5).replace(/^ /, ''));
          }
        }
        if (data.length) {
          onEvent(name, JSON.parse(data.join('\n')));
        }
      }
    }
  })().catch(error => {
    if (error.name !== 'AbortError') {
      console.warn('job events stopped', error);
    }
  });
  return () => controller.abort();
}
