/** Whether a URL points at this machine (127.0.0.0/8, ::1, localhost): an emulator or a local proxy. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
