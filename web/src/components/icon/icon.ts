/**
 * Draws one lucide icon node (`[["path", { d }], …]`) as inline SVG in the current text colour. Icons
 * are decoration: hidden from assistive technology, so the control's own text or aria-label stays
 * its accessible name.
 */
import { nothing, svg, type SVGTemplateResult } from 'lit';
import type { IconNode } from 'lucide';

type Shape = IconNode[number];
type Attributes = Shape[1];

/** An attribute value, or no attribute when the icon does not set it. */
const value = (attributes: Attributes, name: string): string | typeof nothing => {
  const found = attributes[name];
  return found === undefined ? nothing : String(found);
};

/** One shape of an icon; lucide draws with these six SVG elements only. */
export function shape([tag, a]: Shape): SVGTemplateResult {
  const at = (name: string) => value(a, name);
  switch (tag) {
    case 'path':
      return svg`<path d=${at('d')}></path>`;
    case 'circle':
      return svg`<circle cx=${at('cx')} cy=${at('cy')} r=${at('r')} fill=${at('fill')}></circle>`;
    case 'ellipse':
      return svg`<ellipse cx=${at('cx')} cy=${at('cy')} rx=${at('rx')} ry=${at('ry')}></ellipse>`;
    case 'rect':
      return svg`<rect x=${at('x')} y=${at('y')} width=${at('width')} height=${at('height')} rx=${at('rx')} ry=${at('ry')}></rect>`;
    case 'line':
      return svg`<line x1=${at('x1')} y1=${at('y1')} x2=${at('x2')} y2=${at('y2')}></line>`;
    case 'polyline':
      return svg`<polyline points=${at('points')}></polyline>`;
    case 'polygon':
      return svg`<polygon points=${at('points')}></polygon>`;
    default:
      throw new Error(`icon: lucide shape <${tag}> is not drawn; add it to shape() in icon.ts`);
  }
}

/** The icon at 1.2em, aria-hidden, stroked in `currentColor`. */
export function icon(node: IconNode): SVGTemplateResult {
  return svg`<svg
    class="glyph"
    aria-hidden="true"
    focusable="false"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
  >${node.map(shape)}</svg>`;
}
