import { advance } from '../../../src/projections/checkpoints';

describe('advance', () => {
  it('keeps the highest position of the batch, which concurrent appenders can put before its last event', () => {
    // two appends interleaved their positions; the older transaction holds the highest one
    const batch = [
      { txId: '100', position: '5' },
      { txId: '100', position: '9' },
      { txId: '101', position: '6' },
      { txId: '101', position: '7' },
    ];
    expect(advance({ txId: '99', position: '4', maxPosition: '4' }, batch)).toEqual({ txId: '101', position: '7', maxPosition: '9' });
  });

  it('never lowers the highest position already reached', () => {
    expect(advance({ txId: '99', position: '4', maxPosition: '12' }, [{ txId: '100', position: '10' }])).toEqual({
      txId: '100',
      position: '10',
      maxPosition: '12',
    });
  });
});
