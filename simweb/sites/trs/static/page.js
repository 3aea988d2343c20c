/* TRS WCM 分页 */
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
	if (_nPageCount == null || _nPageCount <= 1) {
		return;
	}
	var nCurrIndex = _nCurrIndex || 0;
	document.write("<span class=\"page_total\">共" + _nPageCount + "页</span>&nbsp;");
	// 首页、上一页
	if (nCurrIndex == 0) {
		document.write("<span class=\"page_disabled\">首页</span>&nbsp;<span class=\"page_disabled\">上一页</span>&nbsp;");
	} else {
		var nPreIndex = nCurrIndex - 1;
		var sPreFileExt = nPreIndex == 0 ? "" : ("_" + nPreIndex);
		document.write("<a href=\"" + _sPageName + "." + _sPageExt + "\">首页</a>&nbsp;");
		document.write("<a href=\"" + _sPageName + sPreFileExt + "." + _sPageExt + "\">上一页</a>&nbsp;");
	}
	// 页码
	for (var i = 0; i < _nPageCount; i++) {
		var sFile = i == 0 ? _sPageName + "." + _sPageExt : _sPageName + "_" + i + "." + _sPageExt;
		if (i == nCurrIndex) {
			document.write("<span class=\"page_current\">" + (i + 1) + "</span>&nbsp;");
		} else {
			document.write("<a href=\"" + sFile + "\">" + (i + 1) + "</a>&nbsp;");
		}
	}
	// 下一页、尾页
	if (nCurrIndex == (_nPageCount - 1)) {
		document.write("<span class=\"page_disabled\">下一页</span>&nbsp;<span class=\"page_disabled\">尾页</span>");
	} else {
		var nNextIndex = nCurrIndex + 1;
		document.write("<a href=\"" + _sPageName + "_" + nNextIndex + "." + _sPageExt + "\">下一页</a>&nbsp;");
		document.write("<a href=\"" + _sPageName + "_" + (_nPageCount - 1) + "." + _sPageExt + "\">尾页</a>");
	}
}
