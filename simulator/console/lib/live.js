/**
 * Follow the simulator's live feed (`/__sim/v1/live`). Each message is a small change notice; the
 * page re-fetches what changed. When the socket closes (the simulator stopped or restarted) it
 * reconnects on its own with capped exponential back-off plus jitter, and reports its state:
 * 'connecting', 'live' (after the server's hello) or 'reconnecting'.
 */
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 4000;

export function followLive({ onMessage, onState }) {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/__sim/v1/live`;
  let failures = 0;
  let socket;
  let timer;
  let stopped = false;

  const connect = () => {
    onState(failures ? 'reconnecting' : 'connecting');
    socket = new WebSocket(url);
    socket.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type === 'hello') {
        failures = 0;
        onState('live');
      }
      onMessage(message);
    });
    socket.addEventListener('close', () => {
      if (stopped) return;
      failures += 1;
      onState('reconnecting');
      const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - 1));
      timer = setTimeout(connect, delay / 2 + (Math.random() * delay) / 2);
    });
  };
  connect();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    },
  };
}

/** What the connection badge says for each state. */
export const LIVE_LABELS = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' };
