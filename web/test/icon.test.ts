/**
 * The icon helper draws every icon the PWA uses completely: one SVG element per lucide shape, with
 * each of the shape's attributes bound, inside an aria-hidden <svg>; a shape it cannot draw fails
 * loudly instead of vanishing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SVGTemplateResult } from 'lit';
import { icon, shape } from '../src/components/icon/icon.ts';
import * as icons from '../src/components/icon/icons.ts';

const markup = (template: SVGTemplateResult): string => template.strings.join('');

describe('icon', () => {
  for (const [name, node] of Object.entries(icons)) {
    it(`draws ${name} shape by shape with every attribute`, () => {
      const drawn = icon(node);
      assert.match(markup(drawn), /<svg[^>]*aria-hidden="true"/);
      const shapes = drawn.values[0] as SVGTemplateResult[];
      assert.equal(shapes.length, node.length);
      node.forEach(([tag, attributes], index) => {
        const template = shapes[index]!;
        assert.match(markup(template), new RegExp(`^<${tag} `));
        const bound = template.values.map(String);
        for (const value of Object.values(attributes)) {
          assert.ok(bound.includes(String(value)), `${name} <${tag}> keeps ${String(value)}`);
        }
      });
    });
  }

  it('refuses a shape it cannot draw, naming it', () => {
    assert.throws(() => shape(['text', { x: '1' }]), /<text> is not drawn/);
  });
});
