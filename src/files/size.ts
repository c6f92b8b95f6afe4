/** `26214400` → `25 MB`; one decimal under 10 MB (`1.5 MB`). */
export function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
