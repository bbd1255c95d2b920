// The toasts themselves: announced, dismissed by button or Escape, gone after 8 s unless hovered or
// focused, and Undo saying how it went.
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { closeOnEscape } from './focus';
import { TOAST_MS, type ToastInput, ToastProvider, useToast } from './Toasts';

afterEach(() => vi.useRealTimers());

function Harness({ toast }: { toast: ToastInput }) {
  const toaster = useToast();
  return (
    <>
      <button type="button" onClick={() => toaster.show(toast)}>
        Save
      </button>
      <form aria-label="Inline form" onKeyDown={closeOnEscape(() => {})}>
        <input aria-label="Field" />
      </form>
    </>
  );
}

function renderToasts(toast: ToastInput) {
  render(
    <ToastProvider>
      <Harness toast={toast} />
    </ToastProvider>,
  );
  return screen.getByRole('status', { name: 'Notifications' });
}

describe('toasts', () => {
  it('are announced in a polite status region that is there before them, and close with their button', async () => {
    const ui = userEvent.setup();
    const region = renderToasts({ message: 'Created new@example.com.' });
    expect(region).toHaveAttribute('aria-live', 'polite');
    expect(region).toBeEmptyDOMElement();
    await ui.click(screen.getByRole('button', { name: 'Save' }));
    expect(within(region).getByText('Created new@example.com.')).toBeInTheDocument();
    await ui.click(within(region).getByRole('button', { name: 'Dismiss notification' }));
    expect(region).toBeEmptyDOMElement();
  });

  it('close with Escape, in the toast or anywhere nothing else takes it, but not an inline form’s Escape', async () => {
    const ui = userEvent.setup();
    const region = renderToasts({ message: 'Paused.' });
    await ui.click(screen.getByRole('button', { name: 'Save' }));
    await ui.click(screen.getByRole('button', { name: 'Save' }));
    expect(within(region).getAllByTestId('toast')).toHaveLength(2);
    // Escape in a form closes the form (its own handler), not a toast.
    await ui.click(screen.getByLabelText('Field'));
    await ui.keyboard('{Escape}');
    expect(within(region).getAllByTestId('toast')).toHaveLength(2);
    // Escape elsewhere: the newest toast goes.
    await ui.click(screen.getByRole('button', { name: 'Save' }));
    expect(within(region).getAllByTestId('toast')).toHaveLength(3);
    await ui.keyboard('{Escape}');
    expect(within(region).getAllByTestId('toast')).toHaveLength(2);
    // Escape in a toast: that toast goes.
    within(region).getAllByRole('button', { name: 'Dismiss notification' })[0]!.focus();
    await ui.keyboard('{Escape}');
    expect(within(region).getAllByTestId('toast')).toHaveLength(1);
  });

  it('go after 8 seconds, but not while the pointer is over them or focus is in them', async () => {
    vi.useFakeTimers();
    const region = renderToasts({ message: 'Resumed.' });
    act(() => screen.getByRole('button', { name: 'Save' }).click());
    const toast = within(region).getByTestId('toast');
    act(() => vi.advanceTimersByTime(TOAST_MS - 100));
    expect(toast).toBeInTheDocument();
    fireEvent.mouseEnter(toast);
    act(() => vi.advanceTimersByTime(TOAST_MS * 3));
    expect(toast).toBeInTheDocument();
    fireEvent.mouseLeave(toast);
    act(() => within(toast).getByRole('button', { name: 'Dismiss notification' }).focus());
    act(() => vi.advanceTimersByTime(TOAST_MS * 3));
    expect(toast).toBeInTheDocument();
    act(() => screen.getByRole('button', { name: 'Save' }).focus());
    act(() => vi.advanceTimersByTime(TOAST_MS - 100));
    expect(within(region).getAllByTestId('toast')).toHaveLength(1);
    act(() => vi.advanceTimersByTime(200));
    expect(region).toBeEmptyDOMElement();
  });

  it('offer Undo, which takes the change back and says so in the same toast', async () => {
    const ui = userEvent.setup();
    let done: () => void = () => {};
    const run = vi.fn(() => new Promise<string>((resolve) => (done = () => resolve('Undone: it is active again.'))));
    const region = renderToasts({ message: 'Paused.', undo: { run } });
    await ui.click(screen.getByRole('button', { name: 'Save' }));
    await ui.click(within(region).getByRole('button', { name: 'Undo' }));
    expect(within(region).getByRole('button', { name: 'Undoing…' })).toBeDisabled();
    await act(async () => done());
    expect(run).toHaveBeenCalledTimes(1);
    expect(within(region).getByText('Undone: it is active again.')).toBeInTheDocument();
    expect(within(region).queryByText('Paused.')).toBeNull();
    expect(within(region).queryByRole('button', { name: 'Undo' })).toBeNull();
    // Focus was on Undo, which is gone: it is on the toast's close button.
    expect(within(region).getByRole('button', { name: 'Dismiss notification' })).toHaveFocus();
  });

  it('say why an undo was refused', async () => {
    const ui = userEvent.setup();
    const region = renderToasts({
      message: 'Paused.',
      undo: {
        run: async () => {
          throw new ApiError('NOT_FOUND', 'no webhook with id "W1"');
        },
      },
    });
    await ui.click(screen.getByRole('button', { name: 'Save' }));
    await ui.click(within(region).getByRole('button', { name: 'Undo' }));
    expect(await within(region).findByRole('alert')).toHaveTextContent(
      'Could not undo: This item does not exist, or it is not yours to see. (no webhook with id "W1")',
    );
  });
});
