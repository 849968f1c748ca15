import { describe, expect, it } from 'vitest';
import { FrameBatch } from '../../simulator/events/frameBatch.ts';
import { framesIn, PING_FRAME, sseFrame } from '../../simulator/events/sseFrame.ts';

/** One turn of the event loop: immediates queued before this one (a batch's flush) have run when it resolves. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const frame = (id: number) => sseFrame({ id, event: 'CONVERSATION_MESSAGE', data: `{"n":${id}}` });

function recorded() {
  const chunks: string[] = [];
  return { chunks, batch: new FrameBatch((chunk) => chunks.push(chunk)) };
}

describe('FrameBatch: the frames of one turn leave in one write', () => {
  it('joins the frames written in one turn into one chunk, in order, written by the end of that turn', async () => {
    const { chunks, batch } = recorded();
    batch.write(frame(1));
    batch.write(PING_FRAME);
    batch.write(frame(2));
    batch.write(frame(3));
    expect(chunks).toEqual([]);
    await nextTurn();
    expect(chunks).toEqual([frame(1) + PING_FRAME + frame(2) + frame(3)]);
  });

  it('joins frames written by different callbacks of one turn (three timers due together), not only by one callback', async () => {
    const { chunks, batch } = recorded();
    await new Promise<void>((resolve) => {
      setTimeout(() => batch.write(frame(1)), 0);
      setTimeout(() => batch.write(frame(2)), 0);
      setTimeout(resolve, 0);
    });
    expect(chunks).toEqual([]);
    await nextTurn();
    expect(chunks).toEqual([frame(1) + frame(2)]);
  });

  it('writes each turn\'s frames as a chunk of their own, in the order of the turns', async () => {
    const { chunks, batch } = recorded();
    batch.write(frame(1));
    await nextTurn();
    batch.write(frame(2));
    batch.write(frame(3));
    await nextTurn();
    expect(chunks).toEqual([frame(1), frame(2) + frame(3)]);
  });

  it('flush hands over what waits at once, and the turn\'s end then writes nothing more (nor an empty chunk)', async () => {
    const { chunks, batch } = recorded();
    batch.write(frame(1));
    batch.write(frame(2));
    batch.flush();
    expect(chunks).toEqual([frame(1) + frame(2)]);
    await nextTurn();
    expect(chunks).toEqual([frame(1) + frame(2)]);
    batch.flush();
    expect(chunks).toHaveLength(1);
  });

  it('a frame written while the batch is handed over (the sink writes back) leaves in the next turn, after it', async () => {
    const chunks: string[] = [];
    const batch: FrameBatch = new FrameBatch((chunk) => {
      chunks.push(chunk);
      if (chunks.length === 1) batch.write(frame(3));
    });
    batch.write(frame(1));
    batch.write(frame(2));
    await nextTurn();
    await nextTurn();
    expect(chunks).toEqual([frame(1) + frame(2), frame(3)]);
  });
});

describe('framesIn: a joined chunk back into its frames', () => {
  it('splits at each frame\'s closing blank line and keeps it', () => {
    expect(framesIn(frame(1) + PING_FRAME + frame(2))).toEqual([frame(1), PING_FRAME, frame(2)]);
    expect(framesIn(frame(7))).toEqual([frame(7)]);
  });

  it('keeps an unterminated tail whole and gives nothing for an empty chunk', () => {
    expect(framesIn(`${frame(1)}id: 2\nevent: x`)).toEqual([frame(1), 'id: 2\nevent: x']);
    expect(framesIn('')).toEqual([]);
  });
});
