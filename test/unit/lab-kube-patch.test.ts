import { describe, expect, test } from 'vitest';
import { fieldSetOf, pruneFields } from '../../src/lab/kube/field-set.js';
import { applyJsonPatch } from '../../src/lab/kube/json-patch.js';
import { mergePatch } from '../../src/lab/kube/merge-patch.js';
import { labelSelector } from '../../src/lab/kube/selectors.js';
import { KubeStatusError } from '../../src/lab/kube/status.js';
import { strategicMergePatch } from '../../src/lab/kube/strategic-merge-patch.js';
import type { KubeObject } from '../../src/lab/kube/types.js';

function statusOf(run: () => unknown): { code: number; reason: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof KubeStatusError) return { code: error.httpCode, reason: error.reason };
    throw error;
  }
  throw new Error('did not fail');
}

describe('merge patch (RFC 7386)', () => {
  // The examples of RFC 7386, appendix A.
  test.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j', (target, patch, result) => {
    const before = structuredClone(target);
    expect(mergePatch(target, patch)).toEqual(result);
    expect(target).toEqual(before);
  });
});

describe('strategic merge patch', () => {
  const live = {
    containers: [
      { name: 'web', image: 'app:1', env: [{ name: 'A', value: '1' }] },
      { name: 'proxy', image: 'traefik:3' },
    ],
    args: ['--a', '--b'],
  };

  test('merges lists of named objects by name, replaces other lists', () => {
    const patched = strategicMergePatch(live, {
      containers: [
        { name: 'web', env: [{ name: 'B', value: '2' }] },
        { name: 'log', image: 'fluent' },
      ],
      args: ['--c'],
    });
    expect(patched).toEqual({
      containers: [
        {
          name: 'web',
          image: 'app:1',
          env: [
            { name: 'A', value: '1' },
            { name: 'B', value: '2' },
          ],
        },
        { name: 'proxy', image: 'traefik:3' },
        { name: 'log', image: 'fluent' },
      ],
      args: ['--c'],
    });
    expect(live.containers).toHaveLength(2);
  });

  test('honours $patch delete and replace, $deleteFromPrimitiveList, and ignores $setElementOrder', () => {
    expect(
      strategicMergePatch(live, {
        containers: [{ name: 'proxy', $patch: 'delete' }],
        '$setElementOrder/containers': [{ name: 'web' }],
        '$deleteFromPrimitiveList/args': ['--a'],
      }),
    ).toEqual({ containers: [live.containers[0]], args: ['--b'] });
    expect(
      strategicMergePatch(live, { containers: [{ $patch: 'replace' }, { name: 'only' }] }),
    ).toEqual({
      containers: [{ name: 'only' }],
      args: live.args,
    });
    expect(strategicMergePatch({ a: { b: 1, c: 2 } }, { a: { $patch: 'replace', d: 3 } })).toEqual({
      a: { d: 3 },
    });
    expect(strategicMergePatch({ a: { b: 1 }, e: 1 }, { a: { $patch: 'delete' } })).toEqual({
      e: 1,
    });
  });
});

describe('json patch (RFC 6902)', () => {
  test.each([
    [{ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { foo: 'bar', baz: 'qux' }],
    [
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    [{ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: 'x' }], { foo: ['bar', 'x'] }],
    [{ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    [{ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
    [
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    [{ a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }], { a: { b: 1 }, c: { b: 1 } }],
    [
      { 'a/b': 1, 'm~n': 2 },
      [
        { op: 'test', path: '/a~1b', value: 1 },
        { op: 'test', path: '/m~0n', value: 2 },
      ],
      { 'a/b': 1, 'm~n': 2 },
    ],
    [{ foo: 'bar' }, [{ op: 'add', path: '', value: [1] }], [1]],
  ])('%j with %j', (doc, patch, result) => {
    const before = structuredClone(doc);
    expect(applyJsonPatch(doc, patch)).toEqual(result);
    expect(doc).toEqual(before);
  });

  test('an operation that cannot apply is 422, a malformed patch 400', () => {
    expect(
      statusOf(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])),
    ).toEqual({ code: 422, reason: 'Invalid' });
    expect(statusOf(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '/b' }])).code).toBe(422);
    expect(
      statusOf(() => applyJsonPatch({ a: [] }, [{ op: 'add', path: '/a/2', value: 1 }])).code,
    ).toBe(422);
    expect(
      statusOf(() => applyJsonPatch({ a: [1] }, [{ op: 'replace', path: '/a/01', value: 1 }])).code,
    ).toBe(422);
    expect(statusOf(() => applyJsonPatch({}, { op: 'add' })).code).toBe(400);
    expect(statusOf(() => applyJsonPatch({}, [{ op: 'frobnicate', path: '/a' }])).code).toBe(400);
    expect(statusOf(() => applyJsonPatch({}, [{ op: 'add', path: '/a' }])).code).toBe(400);
  });
});

describe('field sets of server-side apply', () => {
  test('dropping a field from the applied set removes it, other fields stay', () => {
    const before = fieldSetOf(
      {
        metadata: { labels: { a: '1', b: '2' } },
        spec: { containers: [{ name: 'web', image: 'x' }, { name: 'sidecar' }] },
      },
      true,
    );
    expect(before['f:spec']).toEqual({
      'f:containers': {
        'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {} },
        'k:{"name":"sidecar"}': { '.': {}, 'f:name': {} },
      },
    });
    const after = fieldSetOf(
      { metadata: { labels: { a: '1' } }, spec: { containers: [{ name: 'web' }] } },
      true,
    );
    const live = {
      metadata: { labels: { a: '1', b: '2', other: '3' } },
      spec: {
        containers: [{ name: 'web', image: 'x', tty: true }, { name: 'sidecar' }],
        replicas: 2,
      },
    };
    pruneFields(live, before, after);
    expect(live).toEqual({
      metadata: { labels: { a: '1', other: '3' } },
      spec: { containers: [{ name: 'web', tty: true }], replicas: 2 },
    });
  });
});

describe('label selectors', () => {
  const object = (labels: Record<string, string>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { labels },
  });

  test.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['tier in (back, front)', true],
    ['tier notin (back,front)', false],
    ['missing notin (x)', true],
    ['app', true],
    ['!app', false],
    ['!missing,app in (web)', true],
  ])('%s matches: %s', (selector, matches) => {
    expect(labelSelector(selector)(object({ app: 'web', tier: 'front' }))).toBe(matches);
  });

  test('an unparsable selector is a 400', () => {
    expect(statusOf(() => labelSelector('app=(web')).code).toBe(400);
  });
});
