/* 字号、打印等通用脚本 */
function doZoom(size) {
	var zoom = document.getElementById("zoom");
	if (zoom) { zoom.style.fontSize = size + "px"; }
}
