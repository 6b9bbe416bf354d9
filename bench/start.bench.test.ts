import { test } from 'vitest'
import { cliStart } from './sections/start'

test('CLI start: --version, --help and scenarios validate against bare Node', () => cliStart())
