import fs from 'node:fs';
import { SHIPPED_CONFIG } from './packageRoot.js';

const HEADER = `# bot configuration of this home.
#
# Every key is below with its default and what it does, commented out (#key: value): this file sets
# nothing until you remove the # of a key (and of the keys above it that hold it), so later versions of
# bot keep bringing their defaults for the rest. \`bot config show\` prints the effective value of every
# key and what set it: the default, this file, a BOT__* environment variable (BOT__RISK__MAXLEVERAGE=3)
# or a flag. Fractions are fractions: 0.0026 is 0.26%. Secrets never go here: KRAKEN_API_KEY,
# KRAKEN_API_SECRET, TELEGRAM_BOT_TOKEN and BOT_WEBHOOK_URL are read from the environment only.
`;

const COMMENT_OR_BLANK = /^\s*(#|$)/;
/** A key commented out as sshd_config does it: `#` then the line as it was (`#capital: 10000`, `#  id: kraken`). */
const COMMENTED_KEY = /^#(?:[^\s#]| {2})/;

/**
 * config/default.yaml for a new home: the shipped defaults (with their comments) with every key line
 * commented out, under a header that says how to use it. Generated from the shipped file, so the two
 * never disagree.
 */
export function initConfigTemplate(shipped = fs.readFileSync(SHIPPED_CONFIG, 'utf8')): string {
  const lines = shipped.split('\n');
  // The shipped file's own header (its first comment block) speaks of the package, not of a home.
  const bodyStart = lines.findIndex((l) => !COMMENT_OR_BLANK.test(l));
  const body = lines.slice(Math.max(0, bodyStart)).map((l) => (COMMENT_OR_BLANK.test(l) ? l : `#${l}`));
  return `${HEADER}\n${body.join('\n')}`;
}

/** The template with its key lines uncommented again: the shipped defaults (for tests and checks). */
export function uncommentKeys(template: string): string {
  return template
    .split('\n')
    .map((l) => (COMMENTED_KEY.test(l) ? l.slice(1) : l))
    .join('\n');
}
