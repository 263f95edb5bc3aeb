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

  it('does not commit a failed batch of one a second time', async () => {
    const attempts: number[][] = [];
    const group = createGroupCommit<number>((items) => {
      attempts.push([...items]);
      throw new Error('constraint failed');
    });
    await expect(group.add(7)).rejects.toThrow('constraint failed');
    expect(attempts).toEqual([[7]]);
  });

  it('rejects the whole batch without retrying item by item when the failure is not an item\'s (the database is locked)', async () => {
    const attempts: number[][] = [];
    const locked = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const group = createGroupCommit<number>(
      (items) => {
        attempts.push([...items]);
        throw locked;
      },
      { retryAlone: (error) => (error as { code?: string }).code !== 'SQLITE_BUSY' },
    );
    const results = await Promise.allSettled([1, 2, 3].map((n) => group.add(n)));
    expect(results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual([locked, locked, locked]);
    expect(attempts).toEqual([[1, 2, 3]]);
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
