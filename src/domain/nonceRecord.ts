/** Where the last nonce of an API key is kept across restarts. */
export interface NonceRecord {
  /** The last nonce sent with the key (0: none known). */
  last(): number;
  /** Record `nonce` as sent; called before the request leaves. */
  save(nonce: number): void;
}
