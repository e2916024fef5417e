/*
 * 서울 협동조합 포털 웹 편집기: Decap CMS에 이 저장소의 파일 규칙을 가르칩니다.
 *
 * 설정(admin/config.yml)은 빌드가 스키마와 분류에서 만듭니다(site_plugins/admin.py).
 * 이 파일이 더하는 것:
 *  - 'portal-yaml'(data/의 기록), 'portal-frontmatter'(content/의 글) 형식: 스키마 순서로
 *    필드를 쓰고, 빈 값('', 빈 목록, 빈 묶음)은 쓰지 않으며, 파일 이름 칸(id)은 파일에 넣지 않습니다.
 *  - 'portal-id' 입력 칸: 새 항목은 파일 이름(id)을 받고, 이미 있는 항목은 파일 이름을 보여 주기만 합니다.
 *  - 한국어 문구: Decap의 ko 번역에 빠진 말과 검사 메시지의 말투.
 * Node에서도 읽을 수 있어(module.exports) 형식을 저장소의 모든 파일로 시험합니다(tests/test_admin.py).
 */
(function (root) {
  'use strict';

  var FORMATS = { 'portal-yaml': recordFormat, 'portal-frontmatter': articleFormat };

  function yamlLib() {
    return root.jsyaml || (typeof require === 'function' ? require('js-yaml') : null);
  }

  function isPlainObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function isEmpty(value) {
    return value === undefined || value === null || value === '' ||
      (Array.isArray(value) && value.length === 0) ||
      (isPlainObject(value) && Object.keys(value).length === 0);
  }

  function idName(fields) {
    var found = (fields || []).filter(function (f) { return f.widget === 'portal-id'; })[0];
    return found ? found.name : null;
  }

  // The value as the file should hold it: fields in the form's (the schema's) order, keys
  // the form does not know kept after them, empty values left out, text without the
  // spaces a form leaves at its ends, and the file-name field dropped.
  function clean(value, fields, skip) {
    if (Array.isArray(value)) {
      return value.map(function (item) { return clean(item, fields, null); })
        .filter(function (item) { return !isEmpty(item); });
    }
    if (isPlainObject(value)) {
      var out = {};
      var known = (fields || []).map(function (f) { return f.name; });
      (fields || []).forEach(function (f) {
        if (f.name === skip || !Object.prototype.hasOwnProperty.call(value, f.name)) return;
        var cleaned = clean(value[f.name], f.fields || null, null);
        if (!isEmpty(cleaned)) out[f.name] = cleaned;
      });
      Object.keys(value).forEach(function (key) {
        if (key === skip || known.indexOf(key) >= 0) return;
        var cleaned = clean(value[key], null, null);
        if (!isEmpty(cleaned)) out[key] = cleaned;
      });
      return out;
    }
    if (typeof value === 'string') {
      var text = value.replace(/\r\n?/g, '\n');
      // several lines (Markdown) end with one line break, as `description: |` blocks do
      return text.indexOf('\n') >= 0 ? text.replace(/\s+$/, '') + '\n' : text.trim();
    }
    return value;
  }

  // Nesting depth below which every collection is a list of plain values: from there on
  // js-yaml writes flow style, as the repository's files do (`fields: [care, health]`,
  // `- days: [mon, tue]`), while mappings and lists of mappings stay in block style.
  function flowLevel(value, depth) {
    var deepest = 0;
    var plainLists = 0;
    (function visit(node, level) {
      if (Array.isArray(node)) {
        if (!node.every(function (item) { return item === null || typeof item !== 'object'; })) deepest = Math.max(deepest, level);
        else plainLists += 1;
        node.forEach(function (item) { visit(item, level + 1); });
      } else if (isPlainObject(node)) {
        deepest = Math.max(deepest, level);
        Object.keys(node).forEach(function (key) { visit(node[key], level + 1); });
      }
    })(value, depth);
    return plainLists ? deepest + 1 : -1;  // -1: block style everywhere (Markdown as `|` blocks)
  }

  // Strings a reader could take for something else are written in double quotes, as the
  // repository's files write them: telephone and registration numbers ("02-3498-3721"),
  // times and date-times ("09:00", "2027-01-14T14:00"). Plain dates stay plain (2013-02-15).
  function looksLikeNumber(text) {
    return (/^\+?\d[\d-]*$/.test(text) && !/^\d{4}-\d{2}-\d{2}$/.test(text)) || /^\d{4}-\d{2}-\d{2}[T ]\d/.test(text) || /^\d{1,2}:\d{2}$/.test(text);
  }

  var dumpSchema = null;
  function schemaForDump(yaml) {
    if (!dumpSchema) {
      // an implicit type only a string can match: js-yaml quotes what it would resolve
      dumpSchema = yaml.CORE_SCHEMA.extend({ implicit: [new yaml.Type('tag:seoul-coop-portal,2026:quoted', { kind: 'scalar', resolve: looksLikeNumber, construct: String })] });
    }
    return dumpSchema;
  }

  // js-yaml writes every key, value and quote; a top-level key at a time, so that each
  // can have its own flow level. The result is the concatenation of one-key mappings.
  function dump(data) {
    var yaml = yamlLib();
    return Object.keys(data).map(function (key) {
      var one = {};
      one[key] = data[key];
      return yaml.dump(one, { schema: schemaForDump(yaml), lineWidth: -1, noRefs: true, quotingType: '"', flowLevel: flowLevel(data[key], 1) });
    }).join('');
  }

  function load(text) {
    var yaml = yamlLib();
    var data = yaml.load(text, { schema: yaml.CORE_SCHEMA });
    return isPlainObject(data) ? data : {};
  }

  function normalise(content) {
    return String(content || '').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  }

  function recordFormat(fields) {
    return {
      fromFile: function (content) { return load(normalise(content)); },
      toFile: function (data) { return dump(clean(data, fields, idName(fields))); },
    };
  }

  // Front matter between '---' lines, as the loader reads it (load.split_front_matter).
  function splitFrontMatter(text) {
    if (text.slice(0, 4) !== '---\n') return { front: '', body: text };
    var rest = text.slice(4);
    var end = /^(?:---|\.\.\.)[ \t]*$/m.exec(rest);
    if (!end) return { front: '', body: text };
    return { front: rest.slice(0, end.index), body: rest.slice(end.index + end[0].length).replace(/^\n/, '') };
  }

  function articleFormat(fields) {
    var bodyFields = (fields || []).filter(function (f) { return f.name !== 'body'; });
    return {
      fromFile: function (content) {
        var parts = splitFrontMatter(normalise(content));
        var data = load(parts.front);
        data.body = parts.body.replace(/^\n+/, '');
        return data;
      },
      toFile: function (data) {
        var meta = clean(Object.assign({}, data, { body: undefined }), bodyFields, idName(fields));
        delete meta.body;
        var body = (typeof data.body === 'string' ? data.body : '').replace(/\r\n?/g, '\n').replace(/^\n+/, '').replace(/\s+$/, '');
        return '---\n' + dump(meta) + '---\n' + (body ? '\n' + body + '\n' : '');
      },
    };
  }

  // --- the file-name field --------------------------------------------------------------

  function idWidget(CMS) {
    var string = CMS.getWidget('string');
    var h = root.h;
    var Control = root.createClass({
      existing: function () {
        var entry = this.props.entry;
        return entry && entry.get && !entry.get('newRecord') && entry.get('slug') ? entry.get('slug') : '';
      },
      // Decap checks presence and the pattern against this: an existing entry's name is its file's.
      getValidateValue: function () {
        return this.existing() || this.props.value;
      },
      render: function () {
        var slug = this.existing();
        if (!slug) return h(string.control, this.props);
        return h('input', {
          type: 'text', id: this.props.forID, className: this.props.classNameWrapper,
          value: slug, readOnly: true, 'aria-readonly': 'true',
        });
      },
    });
    CMS.registerWidget('portal-id', Control, string.preview);
  }

  // The preview beside the form shows a select's Korean label, not the id the file keeps.
  function selectPreview(CMS) {
    var select = CMS.getWidget('select');
    var h = root.h;
    select.preview = function (props) {
      var options = props.field && props.field.get('options') ? props.field.get('options').toJS() : [];
      var value = props.value && props.value.toJS ? props.value.toJS() : props.value;
      var values = Array.isArray(value) ? value : (value === undefined || value === null || value === '' ? [] : [value]);
      var names = values.map(function (v) {
        var found = options.filter(function (o) { return (o && typeof o === 'object' ? o.value : o) === v; })[0];
        return found && typeof found === 'object' ? found.label : String(v);
      });
      return h('div', null, names.join(', '));
    };
  }

  // --- Korean -------------------------------------------------------------------------------

  var KO = {
    auth: { loginWithForgejo: 'Forgejo로 로그인', loginWithGitHub: 'GitHub로 로그인' },
    collection: {
      collectionTop: {
        viewAsList: '목록으로 보기', viewAsGrid: '바둑판으로 보기',
        searchResultsInCollection: '%{collection}에서 "%{searchTerm}" 검색 결과',
        newButtonAriaLabel: '새 %{collectionLabel} 만들기',
      },
      entries: { unpublishedHeader: '게시되지 않은 항목' },
    },
    editor: {
      editorControl: { field: { widgetLabel: '%{widgetLabel} 입력 칸' } },
      editorControlPane: {
        widget: {
          required: '%{fieldLabel}: 필수 항목입니다. 값을 채워 주세요.',
          regexPattern: '%{fieldLabel}: %{pattern}',
          processing: '%{fieldLabel}: 처리하는 중입니다.',
          range: '%{fieldLabel}: %{minValue}에서 %{maxValue} 사이여야 합니다.',
          min: '%{fieldLabel}: %{minValue} 이상이어야 합니다.',
          max: '%{fieldLabel}: %{maxValue} 이하여야 합니다.',
          rangeCount: '%{fieldLabel}: %{minCount}개에서 %{maxCount}개 사이로 넣으세요.',
          rangeCountExact: '%{fieldLabel}: %{count}개를 넣으세요.',
          rangeMin: '%{fieldLabel}: %{minCount}개 이상 넣으세요.',
          rangeMax: '%{fieldLabel}: %{maxCount}개까지 넣을 수 있습니다.',
        },
      },
      editorInterface: { toggleNotes: '메모 보기' },
      editorNotesPane: {
        title: '메모', emptyState: '아직 메모가 없습니다. 아래에서 첫 메모를 남겨 함께 검토하세요.',
        addNote: '메모 남기기', addPlaceholder: '메모를 쓰세요...', editPlaceholder: '메모를 고치세요...',
        save: '저장', cancel: '취소', edit: '고치기', delete: '지우기', resolve: '해결됨으로', unresolve: '다시 열기',
        confirmDelete: '이 메모를 지울까요?', shortcut: 'Ctrl+Enter를 누르면 바로 남깁니다',
      },
      editorToolbar: {
        backCollection: '%{collectionLabel}: 쓰는 중',
        statusInfoTooltipDraft: '초안입니다. 검토를 받으려면 상태를 ‘검토 진행중’으로 바꾸세요.',
        statusInfoTooltipInReview: '검토를 기다리는 중입니다. 그동안에도 내용을 고칠 수 있습니다.',
      },
      editorWidgets: {
        markdown: { strikethrough: '취소선', toggleMode: { rich: '서식 보기로 바꾸기', markdown: 'Markdown 보기로 바꾸기' } },
        datetime: { setToNow: '%{fieldLabel}을(를) 지금으로' },
        object: { expand: '펼치기', collapse: '접기' },
      },
    },
    mediaLibrary: { mediaLibraryModal: { close: '닫기' } },
    ui: {
      settingsDropdown: { account: '계정 메뉴' },
      toast: {
        missingRequiredField: '비어 있는 필수 항목이 있습니다. 빨간 글씨로 표시된 칸을 채운 뒤 저장하세요.',
        onLoggedOut: '로그아웃되었습니다. 쓰던 내용을 따로 보관한 뒤 다시 로그인하세요.',
        noteAdded: '메모를 남겼습니다', onFailToAddNote: '메모를 남기지 못했습니다: %{details}',
        noteUpdated: '메모를 고쳤습니다', onFailToUpdateNote: '메모를 고치지 못했습니다: %{details}',
        noteDeleted: '메모를 지웠습니다', onFailToDeleteNote: '메모를 지우지 못했습니다: %{details}',
        noteResolved: '메모를 해결됨으로 표시했습니다', noteReopened: '메모를 다시 열었습니다',
        onFailToToggleNote: '메모 상태를 바꾸지 못했습니다: %{details}',
      },
    },
  };

  function merge(target, source) {
    Object.keys(source).forEach(function (key) {
      if (isPlainObject(source[key])) {
        target[key] = merge(isPlainObject(target[key]) ? target[key] : {}, source[key]);
      } else {
        target[key] = source[key];
      }
    });
    return target;
  }

  // --- start -------------------------------------------------------------------------------

  function fail(message) {
    var p = root.document.createElement('p');
    p.setAttribute('role', 'alert');
    p.textContent = message;
    root.document.body.appendChild(p);
  }

  function start() {
    var CMS = root.CMS;
    if (!CMS || !yamlLib()) {
      fail('웹 편집기를 불러오지 못했습니다. 페이지를 새로 고치거나 관리자에게 알려 주세요.');
      return;
    }
    CMS.registerLocale('ko', merge(merge({}, CMS.getLocale('ko') || {}), KO));
    idWidget(CMS);
    selectPreview(CMS);
    root.fetch('config.yml', { cache: 'no-cache' })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + ' ' + response.statusText);
        return response.text();
      })
      .then(function (text) {
        var config = load(text);
        (config.collections || []).forEach(function (collection) {
          var make = FORMATS[collection.format];
          if (!make) return;
          // one format per collection: it knows that collection's fields and their order
          var name = collection.format + ':' + collection.name;
          CMS.registerCustomFormat(name, collection.extension, make(collection.fields));
          collection.format = name;
        });
        config.load_config_file = false;
        CMS.init({ config: config });
      })
      .catch(function (error) {
        fail('웹 편집기 설정(config.yml)을 읽지 못했습니다: ' + error.message);
      });
  }

  var api = { recordFormat: recordFormat, articleFormat: articleFormat, clean: clean, splitFrontMatter: splitFrontMatter, KO: KO };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.CMS_MANUAL_INIT = true;  // Decap waits for start(), after our widget and formats are in
    root.PortalAdmin = api;
    root.addEventListener('DOMContentLoaded', start);
  }
})(typeof window !== 'undefined' ? window : globalThis);
