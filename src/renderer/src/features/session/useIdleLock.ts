import { useEffect, useRef, useState } from 'react';

/** True once the user has done nothing (no key, pointer or wheel) for the given minutes; 0 = never. */
export function useIdleLock(minutes: number): [locked: boolean, unlock: () => void] {
  const [locked, setLocked] = useState(false);
  const last = useRef(Date.now());
  useEffect(() => {
    if (minutes <= 0) return;
    const touch = () => {
      last.current = Date.now();
    };
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;
    events.forEach((e) => window.addEventListener(e, touch, { passive: true }));
    const timer = window.setInterval(() => {
      if (Date.now() - last.current > minutes * 60_000) setLocked(true);
    }, 5_000);
    return () => {
      events.forEach((e) => window.removeEventListener(e, touch));
      window.clearInterval(timer);
    };
  }, [minutes]);
  return [locked, () => {
    last.current = Date.now();
    setLocked(false);
  }];
}
