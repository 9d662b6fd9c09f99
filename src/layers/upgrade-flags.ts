// The flags `lx layers upgrade` and `lx extensions upgrade` share.
import {Flags} from '@oclif/core'

export const upgradeFlags = {
  to: Flags.integer({description: "Layer version to move to (default: the newest). Also accepted as the ARN's :VERSION.", min: 1}),
  'allow-downgrade': Flags.boolean({description: 'Also move functions that carry a newer version back to the target version.'}),
  publish: Flags.boolean({description: 'After each update, publish a version of $LATEST (needs --alias).', helpGroup: 'VERSIONS'}),
  alias: Flags.string({
    description: 'With --publish: point this alias at the published version (refused when it has weighted routing).',
    helpGroup: 'VERSIONS',
  }),
}
