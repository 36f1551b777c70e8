/// Thinning long series for the report's charts without hiding a crash.
///
/// A chart is about 900 pixels wide, so more than a few thousand points only make the file
/// bigger. Lines keep, in each of `pointsMax / 2` equal buckets of consecutive points, the lowest
/// and the highest point in their original order: every spike and every trough survives, which
/// averaging would flatten. Bars keep the largest value of each bucket, so the tallest bar is
/// still the worst single block.
enum SeriesDownsampling {
    /// Above this many points a line is thinned.
    static let linePointsMax = 2_000
    /// Above this many bars a bar chart is bucketed.
    static let barsMax = 1_000

    /// At most `pointsMax` of `points`: per bucket, its minimum and maximum `y`, in `x` order.
    ///
    /// - Complexity: O(n).
    static func line(_ points: [(x: Double, y: Double)], pointsMax: Int = linePointsMax) -> [(x: Double, y: Double)] {
        precondition(pointsMax >= 2)
        guard points.count > pointsMax else { return points }
        let bucketCount = pointsMax / 2
        var thinned = [(x: Double, y: Double)]()
        thinned.reserveCapacity(pointsMax)
        for bucket in 0..<bucketCount {
            let range = bucketRange(bucket, of: bucketCount, count: points.count)
            var lowest = range.lowerBound
            var highest = range.lowerBound
            for index in range {
                if points[index].y < points[lowest].y { lowest = index }
                if points[index].y > points[highest].y { highest = index }
            }
            for index in Set([lowest, highest]).sorted() { thinned.append(points[index]) }
        }
        return thinned
    }

    /// Bars bucketed to at most `barsMax`: each bucket's first `x` and largest value, and the
    /// bucket's size in bars (1 when nothing was bucketed).
    static func bars(_ values: [Double], barsMax: Int = barsMax) -> (indices: [Int], values: [Double], bucketSize: Int)
    {
        precondition(barsMax >= 1)
        guard values.count > barsMax else { return (Array(values.indices), values, 1) }
        let bucketSize = (values.count + barsMax - 1) / barsMax  // Rounds up: at most barsMax buckets.
        var indices = [Int]()
        var maxima = [Double]()
        for start in stride(from: 0, to: values.count, by: bucketSize) {
            indices.append(start)
            maxima.append(values[start..<min(start + bucketSize, values.count)].max()!)
        }
        return (indices, maxima, bucketSize)
    }

    /// The indices of bucket `bucket` when `count` points are split into `bucketCount` buckets.
    private static func bucketRange(_ bucket: Int, of bucketCount: Int, count: Int) -> Range<Int> {
        // Integer division rounds down; consecutive buckets share their boundary, so none is lost.
        (bucket * count / bucketCount)..<((bucket + 1) * count / bucketCount)
    }
}
