/** A form's fields as the browser posts them (one value a name), for the schemas' tests. */
export function formData(fields: Record<string, string>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}
