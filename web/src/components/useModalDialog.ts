// A modal <dialog> owned by a component: shown on mount with focus in its first text field, closed
// on unmount with focus back on the element that opened it. Escape, a click on the backdrop and a
// close the browser makes on its own (a close request it would not let the page cancel) all end in
// the owner's `onClose`, so the owner's state and the page never disagree about whether it is open.

import { useEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';

export interface ModalDialogProps {
  ref: RefObject<HTMLDialogElement | null>;
  onKeyDown: (event: KeyboardEvent) => void;
  onCancel: (event: Event) => void;
  onClick: (event: MouseEvent) => void;
}

export function useModalDialog(onClose: () => void): ModalDialogProps {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  // The opener, taken at the first render: by the time the effect runs (after paint) something
  // else may hold focus. Focus returns there if it is still in the page.
  const [opener] = useState(() => document.activeElement as HTMLElement | null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    dialog.showModal();
    dialog.querySelector<HTMLElement>('textarea, input')?.focus();
    const closedByBrowser = () => onCloseRef.current();
    dialog.addEventListener('close', closedByBrowser);
    return () => {
      dialog.removeEventListener('close', closedByBrowser);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return {
    ref,
    // Escape is handled here rather than left to the browser's close request, whose cancel event
    // some browsers do not let a page cancel; a field that uses Escape itself prevents its default.
    onKeyDown: (event) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      onCloseRef.current();
    },
    onCancel: (event) => {
      event.preventDefault();
      onCloseRef.current();
    },
    // A click on the backdrop (the dialog element itself) closes it.
    onClick: (event) => {
      if (event.target === event.currentTarget) onCloseRef.current();
    },
  };
}
