/**
 * The card link (adapters/placement/cardLink.ts), transition by transition: which card the
 * queue's commands may go to, and when "Call card is undefined" means the current card is lost.
 */
import { createCardLink } from '../../../adapters/placement/cardLink';
import type { CardCommand } from '../../../protocol';

const title: CardCommand = { command: 'CallCardSetCardTitle', params: { title: 'x' } };
const close: CardCommand = { command: 'CallCardClose', params: {} };

describe('card link', () => {
  test('no card yet: commands tied to a card are stale, those tied to none go', () => {
    const link = createCardLink();
    expect(link).toMatchObject({ generation: null, phase: 'open', showing: 0, closing: null });
    expect(link.admits(title, 1)).toBe('staleCall');
    expect(link.admits(title, undefined)).toBeNull();
  });

  test('open(g): g is current and open; an earlier generation is stale', () => {
    const link = createCardLink();
    expect(link.open(1)).toBe(true);
    expect(link.open(1)).toBe(false);
    expect(link.admits(title, 1)).toBeNull();
    link.open(2);
    expect(link.admits(title, 1)).toBe('staleCall');
    expect(link.admits(close, 1)).toBe('staleCall');
  });

  test('open → noCard → lost: nothing goes, its close included, until a card is shown', () => {
    const link = createCardLink();
    link.open(1);
    expect(link.noCard(title, 1, link.showing)).toBe(true);
    expect(link.phase).toBe('lost');
    expect(link.noCard(title, 1, link.showing)).toBe(false); // told once
    expect(link.admits(title, 1)).toBe('cardGone');
    expect(link.admits(close, 1)).toBe('cardGone');
    link.shown();
    expect(link.phase).toBe('open');
    expect(link.admits(title, 1)).toBeNull();
  });

  test('noCard is not a loss for a close, a command tied to no card, another card, or one sent before the last showing', () => {
    const link = createCardLink();
    link.open(1);
    const before = link.showing;
    link.shown();
    expect(link.noCard(close, 1, link.showing)).toBe(false);
    expect(link.noCard(title, undefined, link.showing)).toBe(false);
    expect(link.noCard(title, 2, link.showing)).toBe(false);
    expect(link.noCard(title, 1, before)).toBe(false);
    expect(link.phase).toBe('open');
  });

  test('open → closed: only its close still goes; a lost card stays lost when closed', () => {
    const link = createCardLink();
    link.open(1);
    link.closed(1);
    expect(link.phase).toBe('closed');
    expect(link.admits(title, 1)).toBe('cardGone');
    expect(link.admits(close, 1)).toBeNull();
    expect(link.noCard(title, 1, link.showing)).toBe(false);

    link.open(2);
    link.noCard(title, 2, link.showing);
    link.closed(2);
    expect(link.phase).toBe('lost');
    expect(link.admits(close, 2)).toBe('cardGone');
  });

  test('closed(g) of a card that is not current changes nothing', () => {
    const link = createCardLink();
    link.open(2);
    link.closed(1);
    expect(link.phase).toBe('open');
  });
});
