// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are bash, where ${NAME} is expansion
import { describe, expect, it } from 'vitest';
import { ProblemsError } from '../../src/errors.js';
import { loadPlanText } from '../../src/plan/load.js';
import type { Plan } from '../../src/plan/schema.js';
import { MASK } from '../../src/plan/secret-mask.js';
import {
  commandVariables,
  compilePattern,
  maskSecrets,
  parseVarArgs,
  renderTemplate,
  resolveVariables,
  secretNames,
  templateVariables,
  validateVariableValue,
} from '../../src/plan/variables.js';

const PLAN_TEXT = `
id: vars
title: Variables
version: 1
language: en
variables:
  RELEASE_TAG:
    description: The tag
    pattern: 'v[0-9]+\\.[0-9]+\\.[0-9]+'
    example: v2.0.0
  APP_DIR:
    description: Where the app lives
    pattern: '/[A-Za-z0-9._/-]+'
    default: /srv/app
  BRANCH:
    description: A git branch
    pattern: '[A-Za-z0-9._/-]+'
  NOTES:
    description: Free words
    freeText: true
    required: false
  TOKEN:
    description: Chat token
    secret: true
    pattern: '[A-Za-z0-9]{8,}'
  BUILD_ID:
    description: Captured build id
    pattern: '[0-9]+'
  APPROVER:
    description: Who approved
    pattern: '[a-z]+'
  NAME_RU:
    description: Имя
    pattern: '[\\p{L} ]+'
    required: false
  WEB_HOSTS:
    description: Web servers
    pattern: '[^;]+'
phases:
  - id: one
    title: One
    window: T0
    steps:
      - id: restart
        kind: command
        title: Restart
        run: systemctl restart app
        hosts: $WEB_HOSTS
      - id: build
        kind: command
        title: Build
        run: echo "$RELEASE_TAG $APP_DIR $BRANCH $TOKEN"
        capture: BUILD_ID
      - id: approve
        kind: prompt
        title: Approve
        variable: APPROVER
`;

const plan: Plan = loadPlanText(PLAN_TEXT, 'vars.yaml').plan;

describe('validateVariableValue', () => {
  const hostile = [
    '; rm -rf /',
    '$(id)',
    '`id`',
    'v1.0.0\nrm -rf /',
    'v1.0.0; id',
    "v1.0.0' || true '",
    'v1.0.0"',
    '--upload-pack=touch /tmp/pwned',
    '-v1.0.0',
    'v1.０.0',
    'v1.0.0\u0000',
    'v1.0.0\u001b[2J',
    ' v1.0.0',
    '',
  ];
  it.each(hostile)('rejects %j for a tag pattern, naming the variable', (value) => {
    const message = validateVariableValue(plan, 'RELEASE_TAG', value);
    expect(message).toMatch(/^RELEASE_TAG: /);
    expect(message?.split('\n')).toHaveLength(1);
  });

  it('accepts a value matching the whole pattern', () => {
    expect(validateVariableValue(plan, 'RELEASE_TAG', 'v2.0.0')).toBeNull();
    expect(validateVariableValue(plan, 'BRANCH', 'release/2.0')).toBeNull();
  });

  it('anchors the pattern: a match inside the value is not enough', () => {
    expect(validateVariableValue(plan, 'RELEASE_TAG', 'xv2.0.0')).toContain('does not match the pattern');
    expect(validateVariableValue(plan, 'RELEASE_TAG', 'v2.0.0x')).toContain('does not match the pattern');
    // An alternation must not escape the anchors: ^(?:a|b)$, not ^a|b$.
    const alternation = { ...plan, variables: { X: { ...plan.variables.BRANCH!, pattern: 'a|b' } } };
    expect(validateVariableValue(alternation, 'X', 'a; rm')).not.toBeNull();
  });

  it('says the pattern and an example in one line', () => {
    expect(validateVariableValue(plan, 'RELEASE_TAG', '2.0')).toBe(
      'RELEASE_TAG: the value "2.0" does not match the pattern v[0-9]+\\.[0-9]+\\.[0-9]+, for example "v2.0.0"',
    );
  });

  it('shows control characters escaped, never raw', () => {
    const message = validateVariableValue(plan, 'BRANCH', 'main\u001b[31m');
    expect(message).toBe(
      'BRANCH: the value "main\\u001b[31m" contains the control character U+001B; control characters are not allowed',
    );
  });

  it('rejects a leading "-" even when the pattern allows it (option injection)', () => {
    expect(validateVariableValue(plan, 'BRANCH', '--upload-pack=x')).toBe(
      'BRANCH: the value "--upload-pack=x" starts with "-" and could be taken for a command option',
    );
  });

  it('lets a freeText variable hold lines, tabs, quotes and a leading "-", but no other control characters', () => {
    expect(validateVariableValue(plan, 'NOTES', '- fixed "quotes"\n\t$(not code)')).toBeNull();
    expect(validateVariableValue(plan, 'NOTES', 'bell\u0007')).toContain('U+0007');
    expect(validateVariableValue(plan, 'NOTES', 'nul\u0000')).toContain('NUL');
  });

  it('never shows a secret value', () => {
    const message = validateVariableValue(plan, 'TOKEN', 'short!');
    expect(message).toBe('TOKEN: the value does not match the pattern [A-Za-z0-9]{8,}');
    expect(message).not.toContain('short!');
  });

  it('matches unicode letters in unicode mode', () => {
    expect(validateVariableValue(plan, 'NAME_RU', 'Иван Петров')).toBeNull();
    expect(validateVariableValue(plan, 'NAME_RU', 'Иван; id')).not.toBeNull();
  });

  it('limits the length', () => {
    expect(validateVariableValue(plan, 'BRANCH', 'a'.repeat(5000))).toContain('at most 4096');
  });

  it('names an unknown variable and suggests the close one', () => {
    expect(validateVariableValue(plan, 'RELEASE_TGA', 'v1.0.0')).toBe(
      'RELEASE_TGA is not a variable of this plan (did you mean "RELEASE_TAG"?)',
    );
  });
});

describe('host list variables', () => {
  it('accepts hosts separated by spaces or commas, with user@ and addresses', () => {
    expect(validateVariableValue(plan, 'WEB_HOSTS', 'web1 web2,deploy@web3, 10.0.0.4 [::1]')).toBeNull();
  });

  it.each(['web1 -oProxyCommand=evil', 'web1,-p', 'web1 $(id)', 'web1 `id`', ' , '])(
    'rejects %j',
    (value) => {
      expect(validateVariableValue(plan, 'WEB_HOSTS', value)).toMatch(/^WEB_HOSTS: /);
    },
  );

  it('resolveVariables applies the same rule', () => {
    expect(resolveVariables(plan, { WEB_HOSTS: 'web1 -oProxyCommand=x' }).errors).toContain(
      'WEB_HOSTS: "-oProxyCommand=x" is not a host name (letters, digits, ".", "-", "_", optionally user@; no leading "-")',
    );
  });

  it('names the bad host', () => {
    expect(validateVariableValue(plan, 'WEB_HOSTS', 'web1 -oProxyCommand=x')).toBe(
      'WEB_HOSTS: "-oProxyCommand=x" is not a host name (letters, digits, ".", "-", "_", optionally user@; no leading "-")',
    );
  });
});

describe('resolveVariables', () => {
  it('applies defaults, lists the missing, defers prompted and captured ones', () => {
    const given = { RELEASE_TAG: 'v2.0.0', BRANCH: 'main', TOKEN: 'abcdefgh12', WEB_HOSTS: 'web1' };
    const result = resolveVariables(plan, given);
    expect(result.values).toEqual({ ...given, APP_DIR: '/srv/app' });
    expect(result.missing).toEqual([]);
    expect(result.deferred.sort()).toEqual(['APPROVER', 'BUILD_ID']);
    expect(result.errors).toEqual([]);
  });

  it('reports missing required values, unknown names and invalid values', () => {
    const result = resolveVariables(plan, { RELEASE_TAG: '$(id)', RELEASE: 'x', APP_DIR: '/ok' });
    expect(result.missing.sort()).toEqual(['BRANCH', 'TOKEN', 'WEB_HOSTS']);
    expect(result.errors).toEqual([
      'RELEASE is not a variable of this plan',
      'RELEASE_TAG: the value "$(id)" does not match the pattern v[0-9]+\\.[0-9]+\\.[0-9]+, for example "v2.0.0"',
    ]);
    expect(result.values).toEqual({ APP_DIR: '/ok' });
  });

  it('a given value wins over the default', () => {
    expect(resolveVariables(plan, { APP_DIR: '/opt/app' }).values.APP_DIR).toBe('/opt/app');
  });
});

describe('scripts and templates', () => {
  it('finds $NAME and ${NAME} in a script, not what the script assigns', () => {
    const script = [
      'cd "$APP_DIR" && git checkout "${RELEASE_TAG}"',
      'COUNT=0; export MODE=fast; read -r ANSWER OTHER',
      'for HOST in a b; do echo "$HOST $COUNT $MODE $ANSWER"; done',
      'echo ${#BRANCH} ${TOKEN:-none} $lower $1 $? $$',
    ].join('\n');
    expect(commandVariables(script)).toEqual(['APP_DIR', 'RELEASE_TAG', 'BRANCH', 'TOKEN']);
  });

  it('skips single quotes, comments, escapes and quoted here-documents', () => {
    const script = [
      "awk '{print $NF, $NR}' file # uses $COMMENTED",
      'echo \\$ESCAPED "but $REAL"',
      "cat <<'EOF'",
      '$LITERAL in a quoted heredoc',
      'EOF',
      'cat <<EOF',
      "it's $EXPANDED here",
      'EOF',
      'echo "$AFTER"',
    ].join('\n');
    expect(commandVariables(script)).toEqual(['REAL', 'EXPANDED', 'AFTER']);
  });

  it('finds template names with spaces inside the braces', () => {
    expect(templateVariables('Release {{ RELEASE_TAG }} at {{T0}}, {{release_tag}} {{not a name}}')).toEqual([
      'RELEASE_TAG',
      'T0',
      'release_tag',
    ]);
  });

  it('renders values, masks secrets, leaves unknown names visible', () => {
    const text = 'Tag {{RELEASE_TAG}}, token {{ TOKEN }}, {{MISSING}}';
    expect(
      renderTemplate(text, { RELEASE_TAG: 'v2.0.0', TOKEN: 'abcdefgh12' }, { mask: secretNames(plan) }),
    ).toBe(`Tag v2.0.0, token ${MASK}, {{MISSING}}`);
  });

  it('renders a value as text, once: braces in a value are not expanded again', () => {
    expect(renderTemplate('{{A}}', { A: '{{B}}', B: 'x' })).toBe('{{B}}');
  });

  it('masks every occurrence of every secret value, the longest first', () => {
    expect(maskSecrets('pw=hunter22 again hunter22 and hunter', ['hunter', 'hunter22', ''])).toBe(
      `pw=${MASK} again ${MASK} and ${MASK}`,
    );
  });

  it('compiles patterns anchored', () => {
    expect(compilePattern('a|b').source).toBe('^(?:a|b)$');
  });
});

describe('parseVarArgs', () => {
  it('parses NAME=VALUE, keeping "=" in the value and empty values', () => {
    expect(parseVarArgs(['A=1', 'URL=http://x/?a=b', 'EMPTY='])).toEqual({
      A: '1',
      URL: 'http://x/?a=b',
      EMPTY: '',
    });
  });

  it('reports every malformed argument', () => {
    let error: unknown;
    try {
      parseVarArgs(['novalue', 'lower=1', 'A=1', 'A=2']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProblemsError);
    expect((error as ProblemsError).lines).toEqual([
      '--var "novalue": expected NAME=VALUE, e.g. --var RELEASE_TAG=v2.0.0',
      '--var "lower": a variable name is upper case letters, digits and "_", e.g. RELEASE_TAG',
      '--var A: given more than once',
    ]);
    expect((error as ProblemsError).exitCode).toBe(2);
  });
});
