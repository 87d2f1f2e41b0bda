// A GitHub table: real table semantics, inside a box that scrolls sideways on its own. The box is
// a named, focusable region, so a keyboard can scroll it too.
import { h } from 'preact';
import type { Tokens } from 'marked';
import type { Ui } from '../context';
import { fill } from '../../i18n/strings';
import { inlines, plainText } from './inlines';

const alignment = (align: Tokens.TableCell['align']) => (align ? `align-${align}` : undefined);

export function Table({ token, ui }: { token: Tokens.Table; ui: Ui }) {
  const columns = token.header.map((cell) => plainText(cell.tokens)).join(', ');
  return (
    <div class="table" role="region" aria-label={fill(ui.strings.table, { columns })} tabIndex={0}>
      <table>
        <thead>
          <tr>{token.header.map((cell) => <th class={alignment(cell.align)}>{inlines(cell.tokens)}</th>)}</tr>
        </thead>
        {token.rows.length > 0 && (
          <tbody>
            {token.rows.map((row) => <tr>{row.map((cell) => <td class={alignment(cell.align)}>{inlines(cell.tokens)}</td>)}</tr>)}
          </tbody>
        )}
      </table>
    </div>
  );
}
