const secretValues = new Set<string>();

/** Registers a secret value: from now on it is masked in everything dr prints or journals. */
export function registerSecret(value: string): void {
  if (value.length >= 4) secretValues.add(value);
}

/** Replaces every registered secret value in `text` with `***`. */
export function redactText(text: string): string {
  let out = text;
  for (const secret of secretValues) out = out.split(secret).join('***');
  return out;
}
