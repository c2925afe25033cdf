/*
 * Hefei plan maps: forgiving search and the project list (MIT licence).
 *
 * Search treats every dash alike (- ‐ – — －), ignores brackets and case, and
 * matches names, ids, kinds (机场, airport, 湿地 …), layers, statuses, progress
 * and clause numbers; every result is listed (scrollable) and the list works
 * from the keyboard (arrows, Enter, Escape) as an ARIA combobox.
 */
(function (global) {
  'use strict';

  var L = global.L, HM = global.HefeiMap, esc = HM.esc, bi = HM.bi;

  function norm(value) {
    var s = String(value === null || value === undefined ? '' : value);
    if (s.normalize) { s = s.normalize('NFKC'); }
    return s.toLowerCase()
      .replace(/[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D~\u301C\uFF5E]/g, '-')
      .replace(/[()（）[\]【】「」'"“”‘’,，、;；:：·]/g, ' ')
      .replace(/\s*-\s*/g, '-')
      .replace(/\s+/g, ' ')
      .trim();
  }
  HM.norm = norm;

  function entryText(e) {
    if (e.text === undefined) {
      e.nameText = norm([e.zh, e.en].join(' '));
      e.text = norm([e.zh, e.en, e.id, e.where].concat(e.extra || []).join(' '));
    }
    return e.text;
  }

  HM.search = function (state, query) {
    var q = norm(query);
    if (!q) { return []; }
    var tokens = q.split(' ');
    var hits = [];
    state.index.forEach(function (e, i) {
      var text = entryText(e);
      for (var t = 0; t < tokens.length; t++) { if (text.indexOf(tokens[t]) < 0) { return; } }
      var score = e.nameText.indexOf(q) === 0 ? 0 : e.nameText.indexOf(q) >= 0 ? 1 : 2;
      hits.push({ e: e, score: score + (e.reference ? 0.5 : 0) + (e.network ? 0.2 : 0), i: i });
    });
    hits.sort(function (a, b) { return a.score - b.score || a.i - b.i; });
    return hits.map(function (h) { return h.e; });
  };

  function searchPanel(state) {
    HM.panel(state, {
      key: 'search', position: 'topleft', icon: 'search', zh: '搜索', en: 'Search', open: true, className: 'hm-search',
      closeButton: false,
      build: function (body, panel) {
        var input = L.DomUtil.create('input', 'hm-search-input', body);
        input.type = 'search';
        input.placeholder = '搜索 名称、类型、条款 Search';
        input.setAttribute('aria-label', '搜索项目：名称、类型、条款 Search by name, kind or clause');
        input.setAttribute('role', 'combobox');
        input.setAttribute('aria-autocomplete', 'list');
        input.setAttribute('aria-expanded', 'false');
        input.setAttribute('aria-controls', 'hm-search-list');
        input.autocomplete = 'off';
        var status = L.DomUtil.create('div', 'hm-search-n', body);
        status.setAttribute('aria-live', 'polite');
        var list = L.DomUtil.create('ul', 'hm-search-list', body);
        list.id = 'hm-search-list';
        list.setAttribute('role', 'listbox');
        list.setAttribute('aria-label', '搜索结果 Search results');
        var hits = [], active = -1;
        function setActive(i) {
          var items = list.querySelectorAll('.hm-search-item');
          if (!items.length) { active = -1; return; }
          active = Math.max(0, Math.min(items.length - 1, i));
          items.forEach(function (el, j) { el.setAttribute('aria-selected', j === active ? 'true' : 'false'); });
          input.setAttribute('aria-activedescendant', items[active].id);
          items[active].scrollIntoView({ block: 'nearest' });
        }
        function clear() {
          list.textContent = ''; hits = []; active = -1;
          input.setAttribute('aria-expanded', 'false');
          input.removeAttribute('aria-activedescendant');
          status.textContent = '';
        }
        function choose(e) {
          // clear the list after this click has finished bubbling (a detached target
          // would make Leaflet take the click for a map click and close the popup)
          setTimeout(clear, 0);
          if (HM.narrow()) { panel.setOpen(false); }
          HM.zoomTo(state, e, true);
        }
        function render() {
          clear();
          var q = input.value;
          if (!norm(q)) { return; }
          hits = HM.search(state, q);
          status.textContent = hits.length ? hits.length + ' 个结果 results' : '';
          input.setAttribute('aria-expanded', 'true');
          if (!hits.length) {
            var none = L.DomUtil.create('li', 'hm-search-none', list);
            none.textContent = '无结果 no match';
            none.setAttribute('role', 'option');
            none.setAttribute('aria-disabled', 'true');
            return;
          }
          hits.forEach(function (e, i) {
            var li = L.DomUtil.create('li', 'hm-search-item', list);
            li.id = 'hm-sr-' + i;
            li.setAttribute('role', 'option');
            li.setAttribute('aria-selected', 'false');
            var b = L.DomUtil.create('b', '', li);
            b.textContent = e.zh || '';
            li.appendChild(document.createTextNode(' ' + (e.en || '')));
            var w = L.DomUtil.create('span', 'hm-search-where', li);
            w.textContent = e.where + (e.props && e.props.clause ? ' · ' + e.props.clause : '');
            li.addEventListener('click', function (ev) { L.DomEvent.stop(ev); choose(e); });
          });
        }
        input.addEventListener('input', render);
        input.addEventListener('keydown', function (ev) {
          if (ev.key === 'ArrowDown') { ev.preventDefault(); setActive(active + 1); }
          else if (ev.key === 'ArrowUp') { ev.preventDefault(); setActive(active - 1); }
          else if (ev.key === 'Enter' && hits.length) { ev.preventDefault(); choose(hits[active >= 0 ? active : 0]); }
          else if (ev.key === 'Escape') {
            ev.stopPropagation();
            if (list.childNodes.length) { clear(); } else { input.value = ''; if (HM.narrow()) { panel.setOpen(false); panel.button.focus(); } }
          }
        });
        state.searchInput = input;
      },
      onToggle: function (open) { if (open && HM.narrow() && state.searchInput) { setTimeout(function () { state.searchInput.focus(); }, 0); } }
    });
  }

  // ------------------------------------------------------------- project list

  var COLUMNS = [
    { key: 'name', zh: '名称', en: 'Name' },
    { key: 'layer', zh: '图层', en: 'Layer' },
    { key: 'status', zh: '状态', en: 'Status' },
    { key: 'progress', zh: '进展', en: 'Progress' },
    { key: 'year', zh: '年份', en: 'Year' },
    { key: 'km', zh: '境内长度', en: 'km in Hefei' },
    { key: 'clause', zh: '条款', en: 'Clause' }
  ];

  function sortValue(state, e, key) {
    var p = e.props, cfg = state.cfg;
    switch (key) {
      case 'name': return norm(e.zh);
      case 'layer': return cfg.layerOrder[e.name] || 0;
      case 'status': return Object.keys(cfg.style.statuses).indexOf(p.status);
      case 'progress': return Object.keys(cfg.progress).indexOf(HM.progressOf(p));
      case 'year': return p.progress_year || p.target_year || 99999;
      case 'km': return p.length_in_hefei_km === null || p.length_in_hefei_km === undefined ? -1 : p.length_in_hefei_km;
      case 'clause': var m = /\d+/.exec(p.clause || ''); return m ? +m[0] : 99999;
      default: return 0;
    }
  }

  function rowHtml(state, e) {
    var cfg = state.cfg, p = e.props, spec = cfg.style.layers[e.name], s = HM.statusOf(cfg, p), pr = HM.progressLabel(cfg, p);
    var year = [p.target_year ? '目标 target ' + esc(p.target_year) : '', p.progress_year ? esc(pr[1]) + ' ' + esc(p.progress_year) : '']
      .filter(function (x) { return x; }).join('<br>');
    var href = HM.permalink ? '#' + HM.permalink.hashFor(state, { feature: p.id }) : '#';
    return '<td data-label="名称 Name"><a class="hm-open" href="' + esc(href) + '" data-id="' + esc(p.id) + '">' + esc(p.name_zh) +
      '</a><div class="hm-en">' + esc(p.name_en) + '</div></td>' +
      '<td data-label="图层 Layer">' + bi(spec.zh, spec.en) + '</td>' +
      '<td data-label="状态 Status">' + bi(s.zh, s.en) + '</td>' +
      '<td data-label="进展 Progress">' + bi(pr[0], pr[1]) + '</td>' +
      '<td data-label="年份 Year">' + (year || '–') + '</td>' +
      '<td data-label="境内长度 km in Hefei" class="hm-num">' + HM.num(p.length_in_hefei_km, 1) + '</td>' +
      '<td data-label="条款 Clause">' + esc(p.clause) + '</td>' +
      '<td class="hm-act"><button type="button" class="hm-btn hm-zoom" data-id="' + esc(p.id) + '" aria-label="定位 Zoom: ' +
      esc(p.name_zh) + ' ' + esc(p.name_en) + '">定位 <span class="hm-en">Zoom</span></button></td>';
  }

  function listPanel(state) {
    var cfg = state.cfg;
    cfg.layerOrder = {};
    cfg.chapters.forEach(function (ch) { ch.layers.forEach(function (n) { cfg.layerOrder[n] = Object.keys(cfg.layerOrder).length; }); });
    HM.panel(state, {
      key: 'list', position: 'topright', icon: 'list', zh: '项目列表', en: 'Project list', open: false, className: 'hm-listp',
      onToggle: function (open) { if (open && state.listOpened) { state.listOpened(); } },
      build: function (body, panel) {
        var bar = L.DomUtil.create('div', 'hm-list-bar', body);
        var filter = L.DomUtil.create('input', 'hm-list-filter', bar);
        filter.type = 'search'; filter.placeholder = '筛选列表 Filter the list';
        filter.setAttribute('aria-label', '筛选项目列表 Filter the project list');
        var sortLabel = L.DomUtil.create('label', 'hm-list-sort', bar);
        sortLabel.innerHTML = '排序 <span class="hm-en">Sort</span> ';
        var sel = L.DomUtil.create('select', '', sortLabel);
        COLUMNS.forEach(function (c) {
          var o = document.createElement('option'); o.value = c.key; o.textContent = c.zh + ' ' + c.en; sel.appendChild(o);
        });
        var n = L.DomUtil.create('div', 'hm-list-n', body);
        n.setAttribute('aria-live', 'polite');
        var wrap = L.DomUtil.create('div', 'hm-table-wrap', body);
        wrap.tabIndex = 0;
        wrap.setAttribute('role', 'group');
        wrap.setAttribute('aria-label', '项目列表 Project list (scrollable)');
        var table = L.DomUtil.create('table', 'hm-table', wrap);
        var sortKey = 'layer', dir = 1;
        var head = '<caption class="hm-sr">项目列表 Projects of this map</caption><thead><tr>' + COLUMNS.map(function (c) {
          return '<th scope="col" data-key="' + c.key + '"><button type="button" class="hm-sort" data-key="' + c.key + '">' + bi(c.zh, c.en) + '</button></th>';
        }).join('') + '<th scope="col"><span class="hm-sr">地图 Map</span></th></tr></thead>';
        var tbody;
        function draw() {
          var q = norm(filter.value), tokens = q ? q.split(' ') : [];
          var rows = state.plan.filter(function (e) {
            var t = entryText(e);
            return tokens.every(function (tok) { return t.indexOf(tok) >= 0; });
          });
          rows.sort(function (a, b) {
            var va = sortValue(state, a, sortKey), vb = sortValue(state, b, sortKey);
            return (va < vb ? -1 : va > vb ? 1 : 0) * dir || state.plan.indexOf(a) - state.plan.indexOf(b);
          });
          table.innerHTML = head + '<tbody>' + rows.map(function (e) {
            return '<tr data-id="' + esc(e.id) + '"' + (e.hidden ? ' class="hm-filtered"' : '') + '>' + rowHtml(state, e) + '</tr>';
          }).join('') + '</tbody>';
          table.querySelectorAll('th[data-key]').forEach(function (th) {
            var k = th.getAttribute('data-key');
            th.setAttribute('aria-sort', k === sortKey ? (dir > 0 ? 'ascending' : 'descending') : 'none');
          });
          n.textContent = rows.length + ' / ' + state.plan.length + ' 个项目 projects';
          tbody = table.tBodies[0];
          sel.value = sortKey;
        }
        L.DomEvent.on(table, 'click', function (ev) {
          var t = ev.target.closest ? ev.target.closest('button, a') : null;
          if (!t) { return; }
          if (t.classList.contains('hm-sort')) {
            var k = t.getAttribute('data-key');
            dir = k === sortKey ? -dir : 1; sortKey = k; draw();
            var again = table.querySelector('.hm-sort[data-key="' + k + '"]');
            if (again) { again.focus(); }
            return;
          }
          var id = t.getAttribute('data-id'), entry = state.byId[id];
          if (!entry) { return; }
          L.DomEvent.preventDefault(ev);
          // after this click has finished: redrawing the list detaches its target, and
          // Leaflet would take a click on a detached element for a map click (closing the popup)
          setTimeout(function () {
            panel.setOpen(false);  // the list would cover the project it zooms to
            HM.zoomTo(state, entry, true);
          }, 0);
        });
        filter.addEventListener('input', draw);
        sel.addEventListener('change', function () { sortKey = sel.value; dir = 1; draw(); });
        // the table is drawn when the list is first opened, then kept up to date
        var drawn = false;
        state.redrawList = function () { if (drawn) { draw(); } };
        state.listOpened = function () { if (!drawn) { drawn = true; draw(); } };
      }
    });
  }

  HM.modules.push(function (state) {
    searchPanel(state);
    listPanel(state);
  });
}(window));
