import { useEffect, useRef } from 'preact/hooks';

/**
 * Focus for an inline "are you sure?" step: while `confirming`, focus the confirm button; when
 * the question goes away, give focus back to the button that asked it.
 */
export function useConfirmFocus(confirming: boolean) {
  const confirmButton = useRef<HTMLButtonElement>(null);
  const askButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (wasConfirming.current) askButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  return { confirmButton, askButton };
}
