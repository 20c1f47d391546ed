// The operations edge without a server: what a log line may show, which route a path is
// counted under, and who may read the metrics.
import { describe, expect, it } from 'vitest';
import { loggablePath, metricsAllowed, routeLabeller } from './operations.mjs';

describe('loggablePath', () => {
  it('drops the query, which holds what a visitor searched for', () => {
    expect(loggablePath('/challenges?q=陶瓷&page=2')).toBe('/challenges');
  });

  it('hides a token in the path: a reset link in the log would be a way into the account', () => {
    const token = 'kq3Z8c1vVxw0rT5yHn2bLm9pQa7sDf4g';
    expect(loggablePath(`/password/reset/${token}`)).toBe('/password/reset/:token');
    expect(loggablePath(`/invitations/${token}?x=1`)).toBe('/invitations/:token');
    // codes people read stay: they are not secrets and say which record was asked for
    expect(loggablePath('/challenges/ZB-2021-001')).toBe('/challenges/ZB-2021-001');
  });

  it('bounds a hostile path', () => {
    expect(loggablePath(`/${'a/'.repeat(10_000)}`).length).toBeLessThanOrEqual(200);
  });
});

describe('routeLabeller', () => {
  // the shape of a Remix build's route table
  const routes = {
    root: { id: 'root', path: '' },
    'routes/_index': { id: 'routes/_index', parentId: 'root', index: true },
    'routes/challenges._index': {
      id: 'routes/challenges._index',
      parentId: 'root',
      path: 'challenges',
      index: true,
    },
    'routes/challenges.$code': {
      id: 'routes/challenges.$code',
      parentId: 'root',
      path: 'challenges/:code',
    },
    'routes/needs.new': { id: 'routes/needs.new', parentId: 'root', path: 'needs/new' },
    'routes/needs.$id': { id: 'routes/needs.$id', parentId: 'root', path: 'needs/:id' },
    'routes/needs.$id.edit': {
      id: 'routes/needs.$id.edit',
      parentId: 'routes/needs.$id',
      path: 'edit',
    },
    'routes/$': { id: 'routes/$', parentId: 'root', path: '*' },
  };
  const label = routeLabeller(routes);

  it('names the pattern, not the path, so that records do not grow the metrics', () => {
    expect(label('/challenges/ZB-2021-001')).toBe('/challenges/:code');
    expect(label('/challenges/ZB-2021-002')).toBe('/challenges/:code');
    expect(label('/needs/abc/edit')).toBe('/needs/:id/edit');
    expect(label('/')).toBe('/');
    expect(label('/challenges')).toBe('/challenges');
  });

  it('prefers a static segment to a parameter, as the router does', () => {
    expect(label('/needs/new')).toBe('/needs/new');
    expect(label('/needs/xyz')).toBe('/needs/:id');
  });

  it('puts every unknown address under the catch-all', () => {
    expect(label('/wp-admin/setup.php')).toBe('/*');
  });
});

describe('metricsAllowed', () => {
  it('without a token, only a direct connection from this machine', () => {
    expect(metricsAllowed({ socketAddress: '127.0.0.1' }, undefined)).toBe(true);
    expect(metricsAllowed({ socketAddress: '::1' }, undefined)).toBe(true);
    expect(metricsAllowed({ socketAddress: '203.0.113.9' }, undefined)).toBe(false);
    // a proxy on this machine forwards the world's requests: not direct
    expect(
      metricsAllowed({ socketAddress: '127.0.0.1', forwardedFor: '203.0.113.9' }, undefined),
    ).toBe(false);
  });

  it('with a token, the bearer of that token only, from anywhere', () => {
    const token = 's3cret-metrics-token';
    expect(
      metricsAllowed({ authorization: `Bearer ${token}`, socketAddress: '203.0.113.9' }, token),
    ).toBe(true);
    expect(metricsAllowed({ authorization: 'Bearer s3cret-metrics-tokeX' }, token)).toBe(false);
    expect(metricsAllowed({ authorization: `Bearer ${token}x` }, token)).toBe(false);
    expect(metricsAllowed({ socketAddress: '127.0.0.1' }, token)).toBe(false);
  });
});
