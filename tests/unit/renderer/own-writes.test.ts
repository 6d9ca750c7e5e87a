import { describe, expect, it } from 'vitest';
import { OwnWrites } from '../../../renderer/pages/own-writes';

/**
 * The caseload's search box and the address (renderer/pages/own-writes.ts): which changes of the address are the
 * page's own writes coming back, and so must leave what the person typed meanwhile alone.
 */
describe("the search box's own writes into the address", () => {
  it("two writes in flight: each coming back is the page's own, so a key typed between them stays in the box (2fab5f7)", () => {
    const w = new OwnWrites();
    w.wrote('A6221Z');
    // The person types "S"; the page writes again before the list has taken up the first write.
    w.wrote('A6221ZS');
    expect(w.cameBack('A6221Z'), 'the first write coming back late').toBe(true);
    expect(w.cameBack('A6221ZS')).toBe(true);
  });

  it('one write in flight comes back as its own; a key typed meanwhile is not lost (36c4884)', () => {
    const w = new OwnWrites();
    w.wrote('A62');
    expect(w.cameBack('A62')).toBe(true);
  });

  it('someone else\'s change (Back, "Clear filters") is not the page\'s, and forgets the writes still waiting', () => {
    const w = new OwnWrites();
    w.wrote('A6');
    w.wrote('A62');
    expect(w.cameBack(''), '"Clear filters"').toBe(false);
    // A write forgotten so is someone else's if it comes back after all (Forward to it).
    expect(w.cameBack('A62')).toBe(false);
  });

  it('a later write coming back first settles the earlier ones with it', () => {
    const w = new OwnWrites();
    w.wrote('A6');
    w.wrote('A62');
    expect(w.cameBack('A62')).toBe(true);
    // Back to "A6" afterwards is the person's doing.
    expect(w.cameBack('A6')).toBe(false);
  });
});
