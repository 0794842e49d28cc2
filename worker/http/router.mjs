// SPDX-License-Identifier: MIT
// Method + path pattern → handler. Patterns are literal segments and `:name` parameters (one
// segment each, percent-decoded). A path that matches no pattern is a 404; a path that matches
// with another method is a 405 whose Allow lists the methods it takes.

function compile(pattern) {
  const names = [];
  const source = pattern.split('/').map((part) => {
    if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    names.push(part.slice(1));
    return '([^/]+)';
  }).join('/');
  return { re: new RegExp(`^${source}$`), names };
}

const decode = (s) => { try { return decodeURIComponent(s); } catch { return s; } };

export class Router {
  routes = [];

  /** Adds a route; `meta` is kept with it (the app keeps the scope a route needs there). */
  on(method, pattern, meta, handler) {
    this.routes.push({ method, ...compile(pattern), meta, handler });
    return this;
  }

  get(pattern, meta, handler) { return this.on('GET', pattern, meta, handler); }
  post(pattern, meta, handler) { return this.on('POST', pattern, meta, handler); }
  patch(pattern, meta, handler) { return this.on('PATCH', pattern, meta, handler); }
  delete(pattern, meta, handler) { return this.on('DELETE', pattern, meta, handler); }

  /**
   * `{ route, params }` for a match; `{ allow, metas }` when the path exists with other
   * methods only; null when no pattern matches the path.
   */
  match(method, path) {
    const found = [];
    for (const route of this.routes) {
      const m = route.re.exec(path);
      if (!m) continue;
      if (route.method === method) {
        const params = Object.fromEntries(route.names.map((name, i) => [name, decode(m[i + 1])]));
        return { route, params };
      }
      found.push(route);
    }
    if (!found.length) return null;
    return { allow: [...new Set(found.map((r) => r.method))], metas: found.map((r) => r.meta) };
  }
}
