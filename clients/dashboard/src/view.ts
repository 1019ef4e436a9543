/** One of the page's three views. */
export interface View {
  /** The hash that shows it: `cases`, `diagnose`, `catalog`. */
  readonly name: string;
  readonly element: HTMLElement;
  /** Shown: start what only runs while visible (polling). */
  activate(): void;
  /** Hidden. */
  deactivate(): void;
  /** The language changed: render the labels and reload localised data. */
  relabel(): void;
}
