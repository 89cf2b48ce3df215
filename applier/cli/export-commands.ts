import { statSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { MultihomeError } from '../errors.js';
import { compareExport, renderDifferences } from '../export/check-export.js';
import { exportFiles, loadConfigForExport } from '../export/export-config.js';
import { EXPORT_FORMATS, type ExportFormat } from '../export/export-file.js';
import { renderFiles, renderPlacement, writeExport } from '../export/write-export.js';
import { type ApplierDeps, configOption } from './options.js';

type ExportOptions = { config: string; format: ExportFormat; output?: string; check?: boolean };

/** `export`: the config in a network manager's own language (or a script), and `--check` of an earlier export. */
export function registerExportCommands(program: Command, deps: ApplierDeps): void {
  program
    .command('export')
    .summary("Write the uplinks' tables, routes and rules in a network manager's own files, or check them.")
    .description(
      "Write the uplinks' tables, routes and rules in a network manager's own files (or a sh script), " +
        'with the nft and sysctl files no manager can express; says where each file goes. ' +
        '--check DIR compares an earlier export with the current config: exit 1 and the differences when stale.',
    )
    .argument('[dir]', 'with --check: the directory of the earlier export')
    .addOption(configOption(true))
    .addOption(new Option('--format <format>', 'target').choices(EXPORT_FORMATS).makeOptionMandatory())
    .addOption(new Option('-o, --output <dir>', 'write the files into this directory (default: print them)'))
    .addOption(new Option('--check', 'compare the export in DIR with the current config'))
    .action((dir: string | undefined, options: ExportOptions) => {
      const files = exportFiles(loadConfigForExport(options.config, options.format), options.format);
      if (options.check) {
        if (dir === undefined) throw usage('export --check needs the directory of the earlier export');
        if (kindOf(dir) !== 'directory')
          throw usage(
            `export --check: ${dir} is not a directory (${kindOf(dir)}); name the directory of an earlier export`,
          );
        const differences = compareExport(dir, files);
        if (differences.length === 0) return deps.print(`${dir}: up to date with ${options.config}`);
        deps.print(renderDifferences(differences));
        throw new MultihomeError(
          'EXPORT_STALE',
          `export --check: ${dir} is stale (${differences.length} file(s) differ); export again with -o ${dir}`,
          { source: 'system' },
        );
      }
      if (dir !== undefined)
        throw usage(`export takes no directory argument without --check (use -o ${dir})`);
      if (options.output === undefined) {
        deps.print(renderFiles(files));
        return deps.print(renderPlacement(files, undefined).replace(/^/gm, '# '));
      }
      const kind = kindOf(options.output);
      if (kind !== 'directory' && kind !== 'missing')
        throw usage(
          `export -o ${options.output}: it is ${kind}, not a directory; name a directory (it is made if missing)`,
        );
      const removed = writeExport(options.output, files, options.format);
      deps.print(renderPlacement(files, options.output, removed));
    });
}

// What is at `path`, in words, for the two directory arguments' errors.
function kindOf(path: string): 'directory' | 'missing' | 'a file' | 'not a directory' {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 'missing';
  if (stat.isDirectory()) return 'directory';
  return stat.isFile() ? 'a file' : 'not a directory';
}

function usage(message: string): MultihomeError {
  return new MultihomeError('USAGE', message, { source: 'user' });
}
