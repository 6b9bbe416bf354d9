import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { describe, expect, it } from 'vitest'
import { getLanguageService } from 'yaml-language-server'
import { LIBRARY } from '../../../src/main/scenarios/library'
import { scenarioJsonSchema } from '../../../src/main/scenarios/scenario-json-schema'
import { ROOT } from '../../support/paths'

/*
 * Editors know the language: the published JSON Schema loaded into yaml-language-server (the
 * engine of VS Code's YAML extension and of most editors' YAML support), checking and completing
 * scenario files as a user types them.
 */

// As a user has it: the file `hookbench scenarios schema --out` writes, which a modeline may also name.
const text = JSON.stringify(scenarioJsonSchema())
const service = getLanguageService({ schemaRequestService: async () => text, workspaceContext: { resolveRelativePath: (path) => path } })
service.configure({ validate: true, completion: true, hover: true, schemas: [{ uri: 'hookbench://scenario.schema.json', fileMatch: ['*.yaml'], schema: JSON.parse(text) }] })

let version = 0
const document = (text: string) => TextDocument.create(`file:///work/story-${++version}.yaml`, 'yaml', 1, text)

/** Each diagnostic as `line:column message`, 1-based as editors show them. */
async function diagnostics(text: string): Promise<string[]> {
  return (await service.doValidation(document(text), false)).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`)
}

/** What the editor offers where `|` is. */
async function completions(textWithCursor: string): Promise<string[]> {
  const at = textWithCursor.indexOf('|')
  const text = textWithCursor.replace('|', '')
  const doc = document(text)
  const list = await service.doComplete(doc, doc.positionAt(at), false)
  return list.items.map((item) => item.label)
}

const head = (provider: string) => ['version: 1', 'name: story', `provider: ${provider}`]

describe('yaml-language-server with the scenario schema', () => {
  const examples = readdirSync(join(ROOT, 'examples')).filter((name) => name.endsWith('.yaml'))

  it.each([...LIBRARY.map((s) => [s.id, s.source]), ...examples.map((name) => [`examples/${name}`, readFileSync(join(ROOT, 'examples', name), 'utf8')])])('finds nothing wrong in %s', async (_, source) => {
    expect(await diagnostics(source)).toEqual([])
  })

  it("flags a misspelt event with the file's provider's events", async () => {
    const found = await diagnostics([...head('ocean-cd'), 'steps:', '  - fire: rolout-failed'].join('\n'))
    expect(found).toEqual([expect.stringMatching(/^5:11 Value is not accepted\. Valid values: "rollout-started", .*"controller-heartbeat-failure"\.$/)])
    expect(found[0]).not.toContain('DEPLOYMENT_STARTED')
  })

  it('holds a step that names its own provider to that provider', async () => {
    expect(await diagnostics([...head('ocean-cd'), 'steps:', '  - fire: DEPLOYMENT_STARTED', '    provider: qovery'].join('\n'))).toEqual([])
    expect(await diagnostics([...head('ocean-cd'), 'steps:', '  - fire: rollout-failed', '    provider: qovery'].join('\n'))).toEqual([expect.stringMatching(/^5:11 Value is not accepted\. Valid values: "DEPLOYMENT_STARTED"/)])
  })

  it('names the closest kind for a mistyped step key', async () => {
    expect(await diagnostics([...head('generic'), 'steps:', '  - fier: deploy.started'].join('\n'))).toContain(
      '5:11 not a step kind; did you mean "fire"? A step is one of fire, wait, heartbeat, repeat, parallel, duplicate, reorder, expect, http, include, load',
    )
    expect(await diagnostics([...head('generic'), 'steps:', '  - wiat: 1s'].join('\n'))).toContain('5:11 not a step kind; did you mean "wait"? A step is one of fire, wait, heartbeat, repeat, parallel, duplicate, reorder, expect, http, include, load')
  })

  it('says a duration needs a unit', async () => {
    expect(await diagnostics([...head('generic'), 'steps:', '  - wait: 90', '  - expect: { delivery: { within: 5 } }'].join('\n'))).toEqual(
      expect.arrayContaining(['5:11 a duration needs a unit: 250ms, 30s, 2m, 1h30m or 3d (90 alone could be seconds or milliseconds)', '6:35 a duration needs a unit: 250ms, 30s, 2m, 1h30m or 3d (90 alone could be seconds or milliseconds)']),
    )
  })

  it("checks a subscription's options against its platform, the file's when it names none", async () => {
    const found = await diagnostics([...head('qovery'), 'subscriptions:', '  - name: app', '    url: http://127.0.0.1:3000/hooks', '    options: { kind: EMAIL, colour: red }', 'steps: [{ fire: DEPLOYMENT_STARTED }]'].join('\n'))
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^7:22 Value is not accepted\. Valid values: "STANDARD", "SLACK"\.$/), '7:29 Property colour is not allowed.']))
  })

  it('says what is missing', async () => {
    expect(await diagnostics([...head('ocean-cd'), 'steps:', '  - heartbeat: stop'].join('\n'))).toContain('5:5 Missing property "cluster".')
  })

  it("offers the file's provider's events, the step kinds, and a kind's keys", async () => {
    expect(await completions([...head('qovery'), 'steps:', '  - fire: |'].join('\n'))).toEqual(['DEPLOYMENT_STARTED', 'DEPLOYMENT_SUCCESSFUL', 'DEPLOYMENT_FAILURE', 'DEPLOYMENT_CANCELLED'])
    expect(await completions([...head('generic'), 'steps:', '  - |'].join('\n'))).toEqual(expect.arrayContaining(['fire', 'wait', 'http', 'include', 'load', 'expect']))
    expect(await completions([...head('generic'), 'steps:', '  - fire: deploy.started', '    |'].join('\n'))).toEqual(expect.arrayContaining(['tamper', 'by', 'body', 'template', 'save']))
    expect(await completions([...head('generic'), 'steps:', '  - fire: deploy.started', '    tamper: |'].join('\n'))).toEqual(['body-altered', 'wrong-secret', 'signature-missing', 'signature-malformed', 'other-scheme', 'timestamp-stale', 'timestamp-future', 'replay'])
  })

  it('describes a key when hovered', async () => {
    const text = [...head('generic'), 'steps:', '  - fire: deploy.started', '    tamper: replay'].join('\n')
    const doc = document(text)
    const hover = await service.doHover(doc, doc.positionAt(text.indexOf('tamper') + 2))
    expect(JSON.stringify(hover?.contents)).toContain("named like hookbench check's cases")
  })
})
