using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Core.Storage;

namespace SmartBin.Firmware.Core.Console
{
    /// <summary>The console's <c>set</c> and <c>save</c>: report, stage and persist settings; secrets stay masked.</summary>
    public sealed class ConsoleSettingsCommands
    {
        private readonly ConfigStore _config;
        private readonly ConsoleReply _r;

        /// <summary>Creates the commands over the config store.</summary>
        public ConsoleSettingsCommands(ConfigStore config, ConsoleReply reply)
        {
            _config = config;
            _r = reply;
        }

        /// <summary><c>set</c>, <c>set key</c> or <c>set key value</c>.</summary>
        public void Set(string args)
        {
            if (args.Length == 0)
            {
                ReportAll();
                return;
            }

            int space = args.IndexOf(' ');
            string key = space < 0 ? args : args.Substring(0, space);
            if (!_config.IsKey(key))
            {
                _r.Error(ConfigError.UnknownKey, key.Length > 40 ? key.Substring(0, 40) : key);
                return;
            }

            if (space < 0)
            {
                JsonWriter w = _r.Json;
                w.BeginObject(null);
                w.WriteString(key, _config.Describe(key));
                w.EndObject();
                return;
            }

            SetValue(key, Unquote(args.Substring(space + 1).Trim()));
        }

        /// <summary>Stages one value; replies ok or the store's error. Returns true on success.</summary>
        public bool SetValue(string key, string value)
        {
            string code;
            string message;
            if (!_config.TrySet(key, value, out code, out message))
            {
                _r.Error(code, message);
                return false;
            }

            _r.Ok();
            return true;
        }

        /// <summary>Writes staged settings atomically; with nothing staged, flash is left alone.</summary>
        public void Save()
        {
            if (!_config.IsDirty)
            {
                _r.Ok();
                return;
            }

            string code;
            string message;
            if (_config.TrySave(out code, out message))
            {
                _r.Ok();
            }
            else
            {
                _r.Error(code, message);
            }
        }

        private void ReportAll()
        {
            JsonWriter w = _r.Json;
            w.BeginObject(null);
            for (int i = 0; i < _config.KeyCount; i++)
            {
                string key = _config.KeyAt(i);
                w.WriteString(key, _config.Describe(key));
            }

            w.EndObject();
        }

        // "" is how an operator sets an empty value; quotes also keep leading or trailing spaces (SSIDs).
        private static string Unquote(string value)
        {
            bool quoted = value.Length >= 2 && value[0] == '"' && value[value.Length - 1] == '"';
            return quoted ? value.Substring(1, value.Length - 2) : value;
        }
    }
}
