import { Progress } from '../../../src/cli/progress';

const stream = (isTTY: boolean) => {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream };
};

describe('the progress bar', () => {
  it('draws a bar with the share done on a terminal, and ends its line', () => {
    const { written, stream: tty } = stream(true);
    const progress = new Progress('import x.csv', 200, tty);
    progress.update(200, '10 accepted');
    progress.done();
    expect(written[0]).toMatch(/^\rimport x\.csv \[#{30}\] 100% 200\/200 \(\d+\/s\) 10 accepted/);
    expect(written[written.length - 1]).toBe('\n');
  });

  it('writes nothing when not on a terminal (CI, pipes)', () => {
    const { written, stream: pipe } = stream(false);
    const progress = new Progress('import', 10, pipe);
    progress.update(5);
    progress.done();
    expect(written).toEqual([]);
  });
});
