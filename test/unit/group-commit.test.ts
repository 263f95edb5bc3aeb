/** Group commit (lib/store/embedded/group-commit.ts): one commit per event-loop turn, each caller settled by its own commit. */
import { describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../lib/store/embedded/group-commit.ts';

describe('group commit', () => {
  it('commits items added in one event-loop turn together, and settles each add only after that commit', async () => {
    const commits: number[][] = [];
    const group = createGroupCommit<number>((items) => commits.push([...items]));
    const seenAtSettle: number[] = [];
    const adds = [1, 2, 3].map((n) => group.add(n).then(() => seenAtSettle.push(commits.flat().includes(n) ? n : -n)));
    expect(commits).toEqual([]);
    await Promise.all(adds);
    expect(commits).toEqual([[1, 2, 3]]);
    expect(seenAtSettle).toEqual([1, 2, 3]);
    await group.add(4);
    expect(commits).toEqual([[1, 2, 3], [4]]);
  });

  it('rejects only the caller whose item fails, committing the rest of its batch', async () => {
    const commits: number[][] = [];
    const group = createGroupCommit<number>((items) => {
      if (items.includes(13)) throw new Error('constraint failed for 13');
      commits.push([...items]);
    });
    const results = await Promise.allSettled([12, 13, 14].map((n) => group.add(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('constraint failed for 13'));
    expect(commits).toEqual([[12], [14]]);
  });

  it('flush commits what is waiting at once, and nothing is committed twice', async () => {
    const commits: number[][] = [];
    const group = createGroupCommit<number>((items) => commits.push([...items]));
    const pending = group.add(5);
    group.flush();
    expect(commits).toEqual([[5]]);
    await pending;
    await new Promise((resolve) => setImmediate(resolve));
    expect(commits).toEqual([[5]]);
  });
});
