import { parseConfigSyntax } from '../config/parse-config.js';
import { readConfigText } from '../config/read-config-text.js';
import { ConfigError, formatPath, type Issue } from '../errors.js';
import type { Config } from '../model/config.js';
import { parseYamlSource } from '../yaml/yaml-source.js';
import { bootFiles } from './boot-files.js';
import type { ExportFile, ExportFormat } from './export-file.js';
import { exportModel } from './export-model.js';
import { inexpressible, inexpressibleInFile } from './expressible.js';
import { netplanFile } from './netplan.js';
import { networkdFiles } from './networkd.js';
import { nmFile } from './nm.js';
import { nmstateFile } from './nmstate.js';
import { scriptFile } from './script.js';

/**
 * The files of one export of a config, sorted by name. The script does everything itself; the
 * managers' formats come with the files for what no manager can express (nft, sysctls, names).
 */
export function exportFiles(config: Config, format: ExportFormat): ExportFile[] {
  const model = exportModel(config);
  const own: ExportFile[] =
    format === 'netplan'
      ? [netplanFile(model)]
      : format === 'networkd'
        ? networkdFiles(model)
        : format === 'nmstate'
          ? [nmstateFile(model)]
          : format === 'nm'
            ? [nmFile(model)]
            : [scriptFile(model)];
  const files = format === 'script' ? own : [...own, ...bootFiles(model)];
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Loads a config for export: validated as apply validates it, except against a host (an export is
 * made for another machine, or in CI), then checked against what the format can express. Either
 * failure is a ConfigError naming the file, line and field (exit 2).
 */
export function loadConfigForExport(file: string, format: ExportFormat): Config {
  const text = readConfigText(file);
  const source = parseYamlSource(text, file);
  const written = source.withLines(inexpressibleInFile(source.value, format));
  const config = parseWithout(written, () => parseConfigSyntax(text, file));
  if (written.length > 0) throw new ConfigError(file, written);
  const issues = inexpressible(config, format);
  if (issues.length > 0) throw new ConfigError(file, source.withLines(issues));
  return config;
}

// Parses the config; when the file holds what the format cannot say, the validation's problems come
// with those, all at once, and the format's reason replaces validation's word on the same field.
function parseWithout(written: readonly Issue[], parse: () => Config): Config {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof ConfigError) || written.length === 0) throw error;
    const at = new Set(written.map((issue) => formatPath(issue.path)));
    const others = error.issues.filter((issue) => !at.has(formatPath(issue.path)));
    const all = [...written, ...others].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new ConfigError(error.file, all);
  }
}
