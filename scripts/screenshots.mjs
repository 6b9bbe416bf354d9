#!/usr/bin/env node
// `npm run screenshots`: builds, runs the screens test and keeps its shots (1440 and 1024 wide) in docs/screenshots.
import { spawnSync } from 'node:child_process'

const options = { stdio: 'inherit', shell: process.platform === 'win32', env: { ...process.env, HOOKBENCH_DOCS_SCREENSHOTS: '1' } }
const build = spawnSync('npm', ['run', 'build'], options)
if (build.status !== 0) process.exit(build.status ?? 1)
const test = spawnSync('npx', ['playwright', 'test', 'test/e2e/screens.test.ts'], options)
process.exit(test.status ?? 1)
